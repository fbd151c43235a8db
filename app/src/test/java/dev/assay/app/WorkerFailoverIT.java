package dev.assay.app;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * A training worker killed with SIGKILL mid-run: its unacknowledged message goes back to RabbitMQ,
 * the other worker takes it and resumes from the last epoch checkpoint. Runs against the packaged
 * application (the server, with training switched off) and two real {@code worker} processes.
 */
@QuarkusIntegrationTest
@TestProfile(WorkerFailoverIT.ServerWithoutTraining.class)
class WorkerFailoverIT {
  private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
  private static final Path DATA_DIR = Path.of("target/failover-data").toAbsolutePath();

  public static class ServerWithoutTraining implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("assay.roles.trainer", "false", "assay.trainer.data-dir", DATA_DIR.toString());
    }
  }

  @Test
  void aKilledWorkersRunIsResumedByAnotherWorkerFromItsLastCheckpoint() throws Exception {
    String researcher = "Bearer " + ItDatabase.apiKey("researcher");
    List<Process> workers = new ArrayList<>();
    try {
      workers.add(startWorker(1));
      workers.add(startWorker(2));

      String dataset = "failover-" + UUID.randomUUID().toString().substring(0, 8);
      String job = given().header("Authorization", researcher).contentType(ContentType.BINARY)
          .body(syntheticPairs(400)).queryParam("file", "synthetic.jsonl")
          .post("/api/v1/datasets/{name}/imports", dataset).then().statusCode(202).extract().header("Location");
      await(researcher, job, json -> "SUCCEEDED".equals(json.getString("state")), Duration.ofSeconds(60));
      long snapshotId = given().header("Authorization", researcher).contentType(ContentType.JSON)
          .body(Map.of("name", "failover", "filter", Map.of("datasets", List.of(dataset), "validationFraction", 0.1,
              "testFraction", 0.1)))
          .post("/api/v1/snapshots").then().statusCode(201).extract().jsonPath().getLong("id");
      String run = given().header("Authorization", researcher).contentType(ContentType.JSON)
          .body(Map.of("snapshotId", snapshotId, "featurizer", "hashed", "epochs", 5, "earlyStoppingPatience", 0,
              "batchSize", 16, "seed", 3))
          .post("/api/v1/training-runs").then().statusCode(201).extract().header("Location");

      JsonPath midway = await(researcher, run, json -> json.getInt("run.epochsDone") >= 2, Duration.ofSeconds(180));
      assertThat(midway.getString("run.state")).isEqualTo("RUNNING");
      long victimPid = Long.parseLong(midway.getString("run.worker").split("@")[0]);
      Process victim = workers.stream().filter(p -> p.pid() == victimPid).findFirst().orElseThrow();
      int epochsBeforeKill = midway.getInt("run.epochsDone");
      victim.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no ack
      Process survivor = workers.stream().filter(p -> p != victim).findFirst().orElseThrow();

      JsonPath finished = await(researcher, run,
          json -> json.getString("run.state").matches("SUCCEEDED|FAILED"), Duration.ofSeconds(300));
      assertThat(finished.getString("run.state")).as(finished.prettify()).isEqualTo("SUCCEEDED");
      assertThat(finished.getInt("run.attempts")).isEqualTo(2);
      assertThat(finished.getString("run.worker")).startsWith(survivor.pid() + "@");
      assertThat(finished.getList("epochs.epoch", Integer.class)).doesNotHaveDuplicates();
      String survivorLog = Files.readString(DATA_DIR.resolve("worker-" + (workers.indexOf(survivor) + 1) + ".log"));
      assertThat(survivorLog).contains("Resuming training run");
      assertThat(epochsBeforeKill).isGreaterThanOrEqualTo(2);
    } finally {
      workers.forEach(Process::destroyForcibly);
    }
  }

  private static Process startWorker(int number) throws IOException {
    Files.createDirectories(DATA_DIR);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(java, "-Dai.djl.offline=true", "--enable-native-access=ALL-UNNAMED",
        "-Dquarkus.profile=test", "-Dquarkus.flyway.clean-at-start=false",
        "-Dquarkus.log.console.level=INFO", "-Dassay.trainer.data-dir=" + DATA_DIR,
        "-jar", JAR.toString(), "worker")
        .redirectErrorStream(true)
        .redirectOutput(DATA_DIR.resolve("worker-" + number + ".log").toFile())
        .start();
  }

  /** Enough distinct pairs that an epoch takes a noticeable time, so the kill lands mid-run. */
  private static byte[] syntheticPairs(int count) {
    String[] words = ("please thank you sorry help explain step answer because example clear wrong rude "
        + "refuse maybe never always careful safe detail simple question idea result").split(" ");
    Random random = new Random(11);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < count; i++) {
      out.append("{\"prompt\":\"question ").append(i).append(' ').append(sentence(words, random, 6))
          .append("\",\"chosen\":\"").append(sentence(words, random, 30))
          .append(" please thank you\",\"rejected\":\"").append(sentence(words, random, 30)).append(" never\"}\n");
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String sentence(String[] words, Random random, int length) {
    StringBuilder sentence = new StringBuilder();
    for (int i = 0; i < length; i++) {
      sentence.append(i == 0 ? "" : " ").append(words[random.nextInt(words.length)]);
    }
    return sentence.toString();
  }

  private static JsonPath await(String authorization, String location, Predicate<JsonPath> done, Duration timeout)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (true) {
      JsonPath json = given().header("Authorization", authorization).get(location).then().statusCode(200)
          .extract().jsonPath();
      if (done.test(json)) {
        return json;
      }
      assertThat(Instant.now()).as("waiting for " + location + ": " + json.prettify()).isBefore(deadline);
      Thread.sleep(200);
    }
  }
}
