package dev.assay.store.dataset;

import static dev.assay.store.StoreTestSupport.datasetRecordCount;
import static dev.assay.store.StoreTestSupport.recordTableCounts;
import static dev.assay.store.StoreTestSupport.unique;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.notNullValue;

import dev.assay.platform.identity.Roles;
import dev.assay.store.StoreTestSupport;
import dev.assay.testing.ChunkedHttp;
import dev.assay.testing.TestIdentities;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.ConfigProvider;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Uploads, import jobs and record browsing over HTTP. */
@QuarkusTest
class DatasetResourceTest {
  @Inject
  ImportService imports;

  private String researcher;

  @BeforeEach
  void identities() {
    researcher = TestIdentities.bearer(Roles.RESEARCHER);
  }

  /** Uploads {@code body} and waits for the job to finish; returns the finished job. */
  static JsonPath uploadAndWait(String auth, String dataset, String fileName, String body, String query) {
    Response accepted = given().header("Authorization", auth)
        .contentType("application/octet-stream")
        .body(body.getBytes(StandardCharsets.UTF_8))
        .post("/api/v1/datasets/" + dataset + "/imports?file=" + fileName + query);
    accepted.then().statusCode(202).header("Location", notNullValue())
        .body("state", org.hamcrest.Matchers.equalTo("QUEUED"))
        .body("createdAt", notNullValue());
    String location = accepted.header("Location");
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (Instant.now().isBefore(deadline)) {
      JsonPath job = given().header("Authorization", auth).get(location).then().statusCode(200).extract().jsonPath();
      String state = job.getString("state");
      if (state.equals("SUCCEEDED") || state.equals("FAILED")) {
        return job;
      }
      sleep();
    }
    throw new AssertionError("import job at " + location + " did not finish within 60 s");
  }

  private static void sleep() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Test
  void anUploadedFileWithBrokenJsonEndsInAFailedJobNamingTheLineAndWritesNothing() {
    List<String> lines = new ArrayList<>();
    for (int i = 1; i <= 40; i++) {
      lines.add("{\"prompt\": \"upload " + i + " " + unique("p") + "\", \"chosen\": \"yes\", \"rejected\": \"no\"}");
    }
    lines.set(36, "{\"prompt\": \"oops\", \"chosen\": \"yes\" \"rejected\": \"no\"}");
    String dataset = unique("upload-broken");
    Map<String, Long> before = recordTableCounts();

    JsonPath job = uploadAndWait(researcher, dataset, "broken.jsonl", String.join("\n", lines), "");

    assertThat(job.getString("state")).isEqualTo("FAILED");
    assertThat(job.getLong("error.line")).isEqualTo(37);
    assertThat(job.getString("error.detail")).contains("broken.jsonl line 37");
    assertThat(job.getString("finishedAt")).isNotNull();
    assertThat(recordTableCounts()).isEqualTo(before);
    assertThat(datasetRecordCount(dataset)).isZero();
  }

  @Test
  void aFailedUploadLeavesNoDatasetBehind() {
    String dataset = unique("upload-failed");

    JsonPath job = uploadAndWait(researcher, dataset, "bad.jsonl", "{\"prompt\": \"a\", \"chosen\": \"b\"}\n", "");

    assertThat(job.getString("state")).isEqualTo("FAILED");
    given().header("Authorization", researcher).get("/api/v1/datasets/" + dataset + "/records").then().statusCode(404);
    assertThat(StoreTestSupport.queryLong("SELECT count(*) FROM dataset WHERE name = ?", dataset)).isZero();
  }

  @Test
  void aRefusedUploadLeavesNoFileInTheSpoolDirectory() throws IOException {
    Set<Path> before = spooled();

    given().header("Authorization", researcher).contentType("application/octet-stream")
        .body("{\"prompt\": \"a\", \"chosen\": \"b\", \"rejected\": \"c\"}\n".getBytes(StandardCharsets.UTF_8))
        .post("/api/v1/datasets/" + "x".repeat(201) + "/imports?file=too-long-a-name.jsonl")
        .then().statusCode(422);

    assertThat(spooled()).isEqualTo(before);
  }

  @Test
  void aChunkedUploadIsImportedUnderItsLimitAndRefusedWith413PastItLeavingNoFile() throws IOException {
    Set<Path> before = spooled();
    String dataset = unique("upload-chunked");
    String line = "{\"prompt\": \"chunked " + dataset + "\", \"chosen\": \"a\", \"rejected\": \"b\"}\n";
    ChunkedHttp.Answer accepted = ChunkedHttp.post("/api/v1/datasets/" + dataset + "/imports?file=chunked.jsonl",
        researcher, "application/octet-stream", line.getBytes(StandardCharsets.UTF_8));
    assertThat(accepted.status()).isEqualTo(202);

    long limit = ConfigProvider.getConfig().getValue("assay.http.max-import-upload-size", MemorySize.class).asLongValue();
    byte[] tooBig = line.repeat((int) (limit / line.length()) + 1000).getBytes(StandardCharsets.UTF_8);
    String refusedDataset = unique("upload-chunked-big");
    ChunkedHttp.Answer refused = ChunkedHttp.postUnfinished(
        "/api/v1/datasets/" + refusedDataset + "/imports?file=big.jsonl", researcher, "application/octet-stream", tooBig);
    assertThat(refused.status()).isEqualTo(413);
    assertThat(refused.headers().get("content-type")).startsWith("application/problem+json");
    assertThat(JsonPath.from(refused.body()).getString("detail")).contains("assay.http.max-import-upload-size");
    // nothing is left of the refused upload, and the accepted one's file goes when its job has run
    Instant deadline = Instant.now().plusSeconds(10);
    while (!spooled().equals(before) && Instant.now().isBefore(deadline)) {
      sleep();
    }
    assertThat(spooled()).isEqualTo(before);
    assertThat(StoreTestSupport.queryLong("SELECT count(*) FROM import_job WHERE dataset_name = ?", refusedDataset))
        .isZero();

    // sent with its length, the same body is refused before a byte is read
    given().header("Authorization", researcher).contentType("application/octet-stream").body(tooBig)
        .post("/api/v1/datasets/" + refusedDataset + "/imports?file=big.jsonl")
        .then().statusCode(413).contentType("application/problem+json");
  }

  @Test
  void aFinishedUploadLeavesNoSpoolFileAndItsRejectsExpire() throws IOException {
    Set<Path> before = spooled();
    String dataset = unique("upload-rejects");
    String body = "{\"prompt\": \"fine " + dataset + "\", \"chosen\": \"a\", \"rejected\": \"b\"}\n{broken\n";

    JsonPath job = uploadAndWait(researcher, dataset, "rejects.jsonl", body, "&skipInvalid=true");
    long id = job.getLong("id");

    // The rejects stay readable for the retention period; the upload itself is gone.
    Response rejects = given().header("Authorization", researcher).get("/api/v1/imports/" + id + "/rejects");
    rejects.then().statusCode(200);
    assertThat(rejects.asString()).contains("rejects.jsonl line 2");
    Set<Path> kept = spooled();
    kept.removeAll(before);
    assertThat(kept).singleElement().satisfies(p -> assertThat(p.toString()).endsWith(".rejects.jsonl"));

    StoreTestSupport.execute("UPDATE import_job SET finished_at = now() - interval '8 days' WHERE id = ?", id);
    imports.purgeExpiredRejects();

    given().header("Authorization", researcher).get("/api/v1/imports/" + id + "/rejects").then().statusCode(404);
    assertThat(spooled()).isEqualTo(before);
  }

  private static Set<Path> spooled() throws IOException {
    Path dir = Path.of(ConfigProvider.getConfig().getValue("assay.import.spool-dir", String.class));
    if (!Files.isDirectory(dir)) {
      return new HashSet<>();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.collect(Collectors.toCollection(HashSet::new));
    }
  }

  @Test
  void anInvalidFieldFailsTheJobWithTheFieldAndLine() {
    String body = "{\"prompt\": \"a\", \"chosen\": \"b\", \"rejected\": \"c\"}\n{\"prompt\": \"a\", \"chosen\": 5, \"rejected\": \"c\"}\n";

    JsonPath job = uploadAndWait(researcher, unique("upload-field"), "field.jsonl", body, "");

    assertThat(job.getString("state")).isEqualTo("FAILED");
    assertThat(job.getLong("error.line")).isEqualTo(2);
    assertThat(job.getString("error.field")).isEqualTo("chosen");
  }

  @Test
  void aGoodUploadSucceedsAndTheSecondUploadOfItIsAllDuplicates() {
    String dataset = unique("upload-good");
    String body = "{\"id\": \"r1\", \"prompt\": \"up " + dataset + "\", \"chosen\": \"yes\", \"rejected\": \"no\"}\n"
        + "{\"id\": \"r2\", \"prompt\": \"down " + dataset + "\", \"chosen\": \"no\", \"rejected\": \"yes\"}\n";

    JsonPath first = uploadAndWait(researcher, dataset, "good.jsonl", body, "");
    JsonPath second = uploadAndWait(researcher, dataset, "good.jsonl", body, "");

    assertThat(first.getString("state")).isEqualTo("SUCCEEDED");
    assertThat(first.getLong("newRecords")).isEqualTo(2);
    assertThat(first.getString("format")).isEqualTo("trl");
    assertThat(second.getLong("newRecords")).isZero();
    assertThat(second.getLong("duplicates")).isEqualTo(2);
    List<Map<String, Object>> datasets = given().header("Authorization", researcher).get("/api/v1/datasets")
        .then().statusCode(200).extract().jsonPath().getList("findAll { it.name == '" + dataset + "' }");
    assertThat(datasets).singleElement().satisfies(d -> assertThat(d.get("records")).isEqualTo(2));
  }

  @Test
  void skipInvalidUploadImportsTheValidRecordsAndCountsTheRejected() {
    String dataset = unique("upload-skip");
    String body = "{\"prompt\": \"fine " + dataset + "\", \"chosen\": \"a\", \"rejected\": \"b\"}\n{broken\n";

    JsonPath job = uploadAndWait(researcher, dataset, "skip.jsonl", body, "&skipInvalid=true&format=trl");

    assertThat(job.getString("state")).isEqualTo("SUCCEEDED");
    assertThat(job.getLong("newRecords")).isEqualTo(1);
    assertThat(job.getLong("rejected")).isEqualTo(1);
  }

  @Test
  void recordsArePagedInImportOrderAndFilterByChoiceAndGenerator() {
    String dataset = unique("records");
    StringBuilder body = new StringBuilder();
    for (int i = 1; i <= 7; i++) {
      body.append("{\"id\": \"a").append(i).append("\", \"instruction\": \"q").append(i).append(' ').append(dataset)
          .append("\", \"output_1\": \"x\", \"generator_1\": \"m").append(i % 2)
          .append("\", \"output_2\": \"y\", \"generator_2\": \"other\", \"preference\": ")
          .append(i == 7 ? "1.5" : i % 2 == 0 ? "2" : "1").append("}\n");
    }
    uploadAndWait(researcher, dataset, "judged.jsonl", body.toString(), "");

    JsonPath page1 = given().header("Authorization", researcher)
        .get("/api/v1/datasets/" + dataset + "/records?page=1&size=3").then().statusCode(200).extract().jsonPath();
    assertThat(page1.getLong("total")).isEqualTo(7);
    assertThat(page1.getList("items.originalId")).containsExactly("a4", "a5", "a6");
    assertThat(page1.getList("items.line")).containsExactly(4, 5, 6);
    assertThat(page1.getString("items[0].sourceFile")).isEqualTo("judged.jsonl");
    assertThat(page1.getString("items[0].prompt[0].role")).isEqualTo("user");
    assertThat(page1.getString("items[0].prompt[0].content")).startsWith("q4 ");
    assertThat(page1.getList("items[0].responses.generator")).containsExactly("m0", "other");
    assertThat(page1.getString("items[0].choice")).isEqualTo("B");
    assertThat(page1.getDouble("items[0].strength")).isEqualTo(2.0);

    JsonPath ties = given().header("Authorization", researcher)
        .get("/api/v1/datasets/" + dataset + "/records?choice=tie").then().statusCode(200).extract().jsonPath();
    assertThat(ties.getList("items.originalId")).containsExactly("a7");
    JsonPath byGenerator = given().header("Authorization", researcher)
        .get("/api/v1/datasets/" + dataset + "/records?generator=m0").then().statusCode(200).extract().jsonPath();
    assertThat(byGenerator.getList("items.originalId")).containsExactly("a2", "a4", "a6");
  }

  @Test
  void pageSizeIsCappedAndBadFiltersAndMissingDatasetsAreReported() {
    given().header("Authorization", researcher).get("/api/v1/datasets/whatever/records?size=501")
        .then().statusCode(422);
    given().header("Authorization", researcher).get("/api/v1/datasets/" + unique("none") + "/records")
        .then().statusCode(404);
    given().header("Authorization", researcher).get("/api/v1/imports/987654321").then().statusCode(404);
    given().header("Authorization", researcher).get("/api/v1/datasets/" + unique("none") + "/export?format=trl")
        .then().statusCode(404);
  }

  @Test
  void datasetEndpointsNeedAResearcherOrAdmin() {
    given().get("/api/v1/datasets").then().statusCode(401);
    given().header("Authorization", TestIdentities.bearer(Roles.RATER)).get("/api/v1/datasets").then().statusCode(403);
    given().header("Authorization", TestIdentities.bearer(Roles.ADMIN)).get("/api/v1/datasets").then().statusCode(200);
  }
}
