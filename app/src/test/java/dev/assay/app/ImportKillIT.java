package dev.assay.app;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A replica killed with SIGKILL in the middle of an import: when it comes back, the job either resumes
 * and ends with every record exactly once, or ends FAILED with no dataset left behind. Never a partial
 * dataset, never a job RUNNING forever.
 */
@QuarkusIntegrationTest
class ImportKillIT {
  private static final Path LOG = Path.of("target/import-kill-replica.log");
  private static final int PAIRS = 40_000;


  @Test
  void aReplicaKilledMidImportLeavesNoPartialDatasetWhenItComesBack() throws Exception {
    int port = Replica.freePort();
    URI replica = URI.create("http://localhost:" + port + "/");
    String admin = "Bearer " + ItDatabase.apiKey("admin");
    String dataset = "import-kill-" + UUID.randomUUID().toString().substring(0, 8);
    StringBuilder pairs = new StringBuilder();
    for (int i = 0; i < PAIRS; i++) {
      pairs.append("{\"prompt\":\"").append(dataset).append(" question ").append(i)
          .append("\",\"chosen\":\"a careful answer ").append(i)
          .append("\",\"rejected\":\"a careless answer ").append(i).append("\"}\n");
    }
    Process first = Replica.start(port, LOG, "quarkus.datasource.jdbc.max-size=5");
    long readAtKill;
    String job;
    try {
      Replica.awaitReady(first, replica, LOG);
      job = given().baseUri(replica.toString()).header("Authorization", admin).contentType(ContentType.BINARY)
          .body(pairs.toString().getBytes(StandardCharsets.UTF_8)).queryParam("file", "pairs.jsonl")
          .post("/api/v1/datasets/{name}/imports", dataset).then().statusCode(202).extract().header("Location");
      Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
      JsonPath state;
      do {
        assertThat(Instant.now()).as("import started").isBefore(deadline);
        Thread.sleep(20);
        state = given().baseUri(replica.toString()).header("Authorization", admin).get(job).jsonPath();
      } while (state.getLong("read") < PAIRS / 10);
      assertThat(state.getString("state")).as("killed while importing").isEqualTo("RUNNING");
      readAtKill = state.getLong("read");
      first.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, the open transaction just vanishes
    } finally {
      first.destroyForcibly();
    }
    Process second = Replica.start(port, LOG, "quarkus.datasource.jdbc.max-size=5");
    try {
      Replica.awaitReady(second, replica, LOG);
      Instant deadline = Instant.now().plus(Duration.ofSeconds(180));
      JsonPath state;
      do {
        assertThat(Instant.now()).as("the job ended after the restart").isBefore(deadline);
        Thread.sleep(200);
        state = given().baseUri(replica.toString()).header("Authorization", admin).get(job).jsonPath();
      } while (state.getString("state").equals("QUEUED") || state.getString("state").equals("RUNNING"));
      try (Connection db = ItDatabase.connect()) {
        long records = Handouts.count(db, "SELECT count(*) FROM dataset_record r JOIN dataset d ON d.id = r.dataset_id"
            + " WHERE d.name = ?", dataset);
        long datasets = Handouts.count(db, "SELECT count(*) FROM dataset WHERE name = ?", dataset);
        if (state.getString("state").equals("SUCCEEDED")) {
          assertThat(records).as("every record once after the resumed import").isEqualTo(PAIRS);
        } else {
          assertThat(state.getString("state")).isEqualTo("FAILED");
          assertThat(datasets).as("no dataset left by the failed import").isZero();
          assertThat(records).isZero();
        }
        System.out.printf("reliability: fault injected: SIGKILL during an import at %d of %d records; the job ended"
            + " %s with %d records, 0 lost, 0 doubled%n", readAtKill, PAIRS, state.getString("state"), records);
      }
    } finally {
      second.destroyForcibly();
    }
  }
}
