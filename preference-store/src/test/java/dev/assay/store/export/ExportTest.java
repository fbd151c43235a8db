package dev.assay.store.export;

import static dev.assay.store.StoreTestSupport.jsonl;
import static dev.assay.store.StoreTestSupport.query;
import static dev.assay.store.StoreTestSupport.recordHashes;
import static dev.assay.store.StoreTestSupport.unique;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.platform.identity.Roles;
import dev.assay.store.StoreTestSupport;
import dev.assay.store.dataset.ImportOutcome;
import dev.assay.store.dataset.ImportService;
import dev.assay.store.dataset.format.DatasetFormat;
import dev.assay.store.snapshot.SnapshotFilter;
import dev.assay.store.snapshot.SnapshotService;
import dev.assay.testing.TestIdentities;
import io.quarkus.arc.Arc;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** Exports from the real PostgreSQL, and round trips import -> export -> import through it. */
@QuarkusTest
class ExportTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Inject
  ImportService imports;

  @Inject
  ExportService exports;

  @Inject
  SnapshotService snapshots;

  static Stream<String> sharedFiles() {
    return StoreTestSupport.sharedFiles();
  }

  private ImportOutcome importFile(Path file, String dataset, DatasetFormat format) {
    return imports.importFile(file, dataset, format, null, "test", read -> {});
  }

  private Path exportToFile(String dataset, DatasetFormat format) throws IOException {
    Path file = Files.createTempDirectory("assay-export-test").resolve(dataset + ".jsonl");
    try (OutputStream out = Files.newOutputStream(file)) {
      ExportSummary summary = exports.exportDataset(dataset, format, out);
      assertThat(summary.skipped()).as("records %s cannot express", format).isZero();
    }
    return file;
  }

  /** Everything a dataset record holds, in import order. */
  private static List<List<Object>> content(String dataset) {
    return query("SELECT r.record_hash, r.original_id, CAST(coalesce(c.metadata_a, k.metadata) AS text),"
        + " CAST(c.metadata_b AS text), coalesce(c.generator_a, k.generator), c.generator_b"
        + " FROM dataset_record r JOIN dataset d ON d.id = r.dataset_id"
        + " LEFT JOIN comparison c ON c.id = r.comparison_id LEFT JOIN candidate k ON k.id = r.candidate_id"
        + " WHERE d.name = ? ORDER BY r.id", dataset);
  }

  @ParameterizedTest
  @MethodSource("sharedFiles")
  void everySharedFileRoundTripsThroughTheDatabaseInItsOwnFormat(String relative) throws IOException {
    Path original = StoreTestSupport.sharedFile(relative);
    String first = unique("rt-first");
    String second = unique("rt-second");
    ImportOutcome imported = importFile(original, first, null);
    DatasetFormat format = DatasetFormat.fromName(imported.format());

    Path exported = exportToFile(first, format);
    ImportOutcome reimported = importFile(exported, second, format);

    assertThat(reimported.newRecords()).isEqualTo(imported.newRecords());
    assertThat(reimported.duplicates()).isZero();
    assertThat(recordHashes(second)).hasSize((int) imported.newRecords()).isEqualTo(recordHashes(first));
    assertThat(content(second)).isEqualTo(content(first));
  }

  @Test
  void handWrittenEdgeCasesRoundTripInTrlConversational() throws IOException {
    Path file = jsonl("edge.jsonl",
        "{\"id\": \"m\", \"prompt\": [{\"role\": \"system\", \"content\": \"brief\"},"
            + " {\"role\": \"user\", \"content\": \"日本語 🙂\"}],"
            + " \"chosen\": [{\"role\": \"assistant\", \"content\": \"e\u0301 \\\"quoted\\\" \\n newline\"}],"
            + " \"rejected\": [{\"role\": \"assistant\", \"content\": \"\"}]}",
        "{\"id\": \"long\", \"prompt\": [{\"role\": \"user\", \"content\": \"x\"}],"
            + " \"chosen\": [{\"role\": \"assistant\", \"content\": \"" + "λ".repeat(300_000) + "\"}],"
            + " \"rejected\": [{\"role\": \"assistant\", \"content\": \"no\"}]}");
    String first = unique("edge-first");
    String second = unique("edge-second");
    importFile(file, first, null);

    importFile(exportToFile(first, DatasetFormat.TRL_CONVERSATIONAL), second, DatasetFormat.TRL_CONVERSATIONAL);

    assertThat(content(second)).hasSize(2).isEqualTo(content(first));
  }

  @Test
  void aU009fTextRoundTripsThroughImportAndExport() throws IOException {
    String text = "odd \u009f control " + unique("t");
    Path file = jsonl("controls.jsonl",
        "{\"instruction\": \"" + text + "\", \"output_1\": \"x\u009f\", \"output_2\": \"y\", \"preference\": 2}");
    String first = unique("ctl-first");
    String second = unique("ctl-second");
    importFile(file, first, null);

    Path exported = exportToFile(first, DatasetFormat.ALPACA_EVAL);
    importFile(exported, second, DatasetFormat.ALPACA_EVAL);

    JsonNode line = tree(Files.readAllLines(exported).get(0));
    assertThat(line.get("instruction").asText()).isEqualTo(text);
    assertThat(line.get("output_1").asText()).isEqualTo("x\u009f");
    assertThat(recordHashes(second)).hasSize(1).isEqualTo(recordHashes(first));
  }

  @Test
  void aCsvExportImportsBackAsTheSameRecords() throws IOException {
    String tag = unique("csv");
    List<String> tricky = List.of("=SUM(A1:A2)", "-not a number", "'quoted at the start", "''=both", "+1+cmd",
        "@handle", "say \"hi\", then go", "two\nlines\r\nand more", "odd \u009f control", "emoji 🙂 日本語", "-0.5", "",
        " leading space", "trailing comma,");
    StringBuilder pairs = new StringBuilder();
    for (int i = 0; i < tricky.size(); i++) {
      String text = JSON.writeValueAsString(tricky.get(i));
      String prompt = JSON.writeValueAsString(i % 3 == 0 ? tricky.get(i) + " " + tag : "prompt " + i + " " + tag);
      pairs.append("{\"id\": ").append(JSON.writeValueAsString(i % 2 == 0 ? tricky.get(i) : "id" + i))
          .append(", \"instruction\": ").append(prompt)
          .append(", \"output_1\": ").append(text).append(", \"generator_1\": ").append(i % 4 == 0 ? "null" : text)
          .append(", \"output_2\": \"plain\", \"generator_2\": \"m,2\", \"preference\": ")
          .append(new String[] {"1", "2", "1.5"}[i % 3]).append("}\n");
    }
    Path candidates = jsonl("cands.jsonl",
        "{\"id\": \"c1\", \"instruction\": \"=one " + tag + "\", \"output\": \"'lone\", \"generator\": \"g\"}",
        "{\"id\": \"c2\", \"instruction\": \"two " + tag + "\", \"outputs\": [{\"output\": \"-x\", \"generator\": \"g1\"},"
            + " {\"output\": \"y\u009f\", \"generator\": \"g2\"}]}");
    String first = unique("csv-first");
    String second = unique("csv-second");
    importFile(jsonl("pairs.jsonl", pairs.toString().strip()), first, null);
    importFile(candidates, first, null);

    Path exported = exportToFile(first, DatasetFormat.CSV);
    ImportOutcome reimported = importFile(exported, second, null);

    assertThat(reimported.format()).isEqualTo("csv");
    assertThat(reimported.rejected()).isZero();
    assertThat(recordHashes(second)).hasSize(tricky.size() + 3).isEqualTo(recordHashes(first));
    assertThat(content(second)).isEqualTo(content(first));
    assertThat(texts(second)).isEqualTo(texts(first))
        .anySatisfy(row -> assertThat(row.get(1)).isEqualTo("'quoted at the start"));
  }

  /** The prompt and response texts of a dataset's records, in import order. */
  private static List<List<Object>> texts(String dataset) {
    return query("SELECT CAST(pr.messages AS text), ta.body, tb.body FROM dataset_record r"
        + " JOIN dataset d ON d.id = r.dataset_id LEFT JOIN comparison c ON c.id = r.comparison_id"
        + " LEFT JOIN candidate k ON k.id = r.candidate_id"
        + " JOIN prompt pr ON pr.hash = coalesce(c.prompt_hash, k.prompt_hash)"
        + " JOIN text_blob ta ON ta.hash = coalesce(c.response_a_hash, k.response_hash)"
        + " LEFT JOIN text_blob tb ON tb.hash = c.response_b_hash WHERE d.name = ? ORDER BY r.id", dataset);
  }

  @Test
  void aTrlExportSkipsTiesAndCountsThemWithTheReason() throws IOException {
    String dataset = unique("ties");
    importFile(jsonl("judged.jsonl",
        "{\"instruction\": \"a " + dataset + "\", \"output_1\": \"x\", \"output_2\": \"y\", \"preference\": 1}",
        "{\"instruction\": \"b " + dataset + "\", \"output_1\": \"x\", \"output_2\": \"y\", \"preference\": 1.5}",
        "{\"instruction\": \"c " + dataset + "\", \"output_1\": \"x\", \"output_2\": \"y\", \"preference\": 2}"),
        dataset, null);
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    ExportSummary summary = exports.exportDataset(dataset, DatasetFormat.TRL_STANDARD, out);

    assertThat(summary.exported()).isEqualTo(2);
    assertThat(summary.skipped()).isEqualTo(1);
    assertThat(summary.skipReasons()).hasSize(1);
    assertThat(summary.skipReasons().keySet()).allSatisfy(reason -> assertThat(reason).contains("TIE"));
    List<JsonNode> lines = out.toString(StandardCharsets.UTF_8).lines().map(ExportTest::tree).toList();
    assertThat(lines).extracting(l -> l.get("prompt").asText()).containsExactly("a " + dataset, "c " + dataset);
    assertThat(lines.get(1).get("chosen").asText()).isEqualTo("y");

    String researcher = TestIdentities.bearer(Roles.RESEARCHER);
    given().header("Authorization", researcher).get("/api/v1/datasets/" + dataset + "/export/summary?format=trl")
        .then().statusCode(200).body("exported", org.hamcrest.Matchers.equalTo(2))
        .body("skipped", org.hamcrest.Matchers.equalTo(1));
  }

  @Test
  void restDatasetExportStreamsAnAttachmentInImportOrder() {
    String dataset = unique("rest-export");
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < 30; i++) {
      body.append("{\"id\": \"r").append(i).append("\", \"prompt\": \"p").append(i).append(' ').append(dataset)
          .append("\", \"chosen\": \"c\", \"rejected\": \"r\"}\n");
    }
    importFile(jsonl("rest.jsonl", body.toString().strip()), dataset, null);
    String researcher = TestIdentities.bearer(Roles.RESEARCHER);

    Response response = given().header("Authorization", researcher)
        .get("/api/v1/datasets/" + dataset + "/export?format=openai");

    response.then().statusCode(200).contentType("application/jsonl")
        .header("Content-Disposition", "attachment; filename=\"" + dataset + ".openai.jsonl\"");
    List<JsonNode> lines = response.asString().lines().map(ExportTest::tree).toList();
    assertThat(lines).hasSize(30);
    assertThat(lines).extracting(l -> l.get("id").asText())
        .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 30).mapToObj(i -> "r" + i).toList());
    assertThat(lines.get(0).at("/preferred_output/0/content").asText()).isEqualTo("c");

    Response csv = given().header("Authorization", researcher)
        .get("/api/v1/datasets/" + dataset + "/export?format=csv");
    csv.then().statusCode(200).contentType(org.hamcrest.Matchers.startsWith("text/csv"));
    assertThat(csv.asString().split("\r\n")).hasSize(31);
    given().header("Authorization", researcher).get("/api/v1/datasets/" + dataset + "/export?format=ultrafeedback")
        .then().statusCode(422);
    given().header("Authorization", researcher).get("/api/v1/datasets/" + dataset + "/export?format=nope")
        .then().statusCode(422);
  }

  @Test
  void restSnapshotExportWritesOnlyTheAskedSplit() {
    String dataset = unique("snap-export");
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < 120; i++) {
      body.append("{\"prompt\": \"p").append(i).append(' ').append(dataset)
          .append("\", \"chosen\": \"c\", \"rejected\": \"r\"}\n");
    }
    importFile(jsonl("snap.jsonl", body.toString().strip()), dataset, null);
    SnapshotService.SnapshotSummary snapshot =
        snapshots.create("export", SnapshotFilter.ofDatasets(List.of(dataset)), "test");
    Set<String> trainPrompts = Set.copyOf(snapshots.records(snapshot.id(), "train").stream()
        .map(r -> r.record().prompt().get(0).content()).toList());
    String researcher = TestIdentities.bearer(Roles.RESEARCHER);

    Response response = given().header("Authorization", researcher)
        .get("/api/v1/snapshots/" + snapshot.id() + "/export?format=trl&split=train");

    response.then().statusCode(200)
        .header("Content-Disposition", "attachment; filename=\"snapshot-" + snapshot.id() + "-train.trl.jsonl\"");
    List<JsonNode> lines = response.asString().lines().map(ExportTest::tree).toList();
    assertThat(lines).hasSize(snapshot.counts().get("train").intValue());
    assertThat(lines).allSatisfy(l -> assertThat(trainPrompts).contains(l.get("prompt").asText()));
    given().header("Authorization", researcher)
        .get("/api/v1/snapshots/" + snapshot.id() + "/export/summary?format=trl&split=validation&split=test")
        .then().statusCode(200).body("exported", org.hamcrest.Matchers.equalTo(
            (int) (snapshot.counts().get("validation") + snapshot.counts().get("test"))));
    given().header("Authorization", researcher)
        .get("/api/v1/snapshots/" + snapshot.id() + "/export?format=trl&split=dev").then().statusCode(422);
  }

  @Test
  void theExportCommandWritesTheFileAndPrintsTheSummary() throws IOException {
    String dataset = unique("cli-export");
    importFile(jsonl("cli.jsonl",
        "{\"instruction\": \"a " + dataset + "\", \"output_1\": \"x\", \"output_2\": \"y\", \"preference\": 1}",
        "{\"instruction\": \"b " + dataset + "\", \"output_1\": \"x\", \"output_2\": \"y\", \"preference\": 1.5}"),
        dataset, null);
    Path output = Files.createTempDirectory("assay-cli-export").resolve("out.jsonl");
    ExportCommand command = Arc.container().instance(ExportCommand.class).get();
    StringWriter printed = new StringWriter();
    int exit = new CommandLine(command).setOut(new PrintWriter(printed, true))
        .execute(dataset, "--format", "trl", "-o", output.toString());

    assertThat(exit).isZero();
    assertThat(Files.readAllLines(output)).hasSize(1);
    assertThat(output.resolveSibling("out.jsonl.partial")).doesNotExist();
    assertThat(printed.toString()).contains("1 exported, 1 skipped").contains("TIE");
  }

  private static JsonNode tree(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
