package dev.assay.trainer.run;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.platform.identity.Roles;
import dev.assay.testing.TestIdentities;
import dev.assay.trainer.TestModels;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The events stream of a run follows a real training run: its states, every epoch's metrics, its end. */
@QuarkusTest
class TrainingRunEventsTest {
  private static final int EPOCHS = 4;

  @Inject TrainingRunService runs;
  @Inject TrainingWorker worker;
  @Inject ObjectMapper json;

  record SseEvent(String name, JsonNode data) {}

  @Test
  void theStreamCarriesEachEpochsMetricsInOrderAndEndsWithTheFinalState() throws Exception {
    long runId = queuedRun();
    HttpResponse<java.util.stream.Stream<String>> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":" + RestAssured.port
                + "/api/v1/training-runs/" + runId + "/events"))
            .header("Authorization", TestIdentities.bearer(Roles.RESEARCHER))
            .header("Accept", "text/event-stream")
            .build(),
        HttpResponse.BodyHandlers.ofLines());
    assertThat(response.statusCode()).isEqualTo(200);
    Iterator<String> lines = response.body().iterator();

    // The stream is open and has said the run is queued before any worker takes it.
    SseEvent first = next(lines);
    assertThat(first.name()).isEqualTo("state");
    assertThat(first.data().get("state").asText()).isEqualTo("QUEUED");

    CompletableFuture<TrainingWorker.Outcome> training = CompletableFuture.supplyAsync(() -> worker.execute(runId));
    List<SseEvent> events = new ArrayList<>(List.of(first));
    CompletableFuture<Void> reading = CompletableFuture.runAsync(() -> {
      SseEvent event;
      while ((event = next(lines)) != null) {
        events.add(event);
      }
    });
    assertThat(training.get(3, TimeUnit.MINUTES)).isEqualTo(TrainingWorker.Outcome.DONE);
    reading.get(30, TimeUnit.SECONDS); // the server ends the stream once the run has finished

    List<JsonNode> epochs = events.stream().filter(e -> e.name().equals("epoch")).map(SseEvent::data).toList();
    assertThat(epochs).extracting(e -> e.get("epoch").asInt()).containsExactly(1, 2, 3, 4);
    for (JsonNode epoch : epochs) {
      for (String metric : List.of("loss", "accuracy", "margin", "eval_loss", "eval_accuracy")) {
        assertThat(epoch.get("metrics").get(metric)).as("epoch %s %s", epoch.get("epoch"), metric).isNotNull();
        assertThat(epoch.get("metrics").get(metric).isNumber()).isTrue();
      }
    }
    assertThat(epochs.get(EPOCHS - 1).get("metrics").get("loss").asDouble())
        .as("the loss fell").isLessThan(epochs.get(0).get("metrics").get("loss").asDouble());
    // Each epoch's metrics are the ones the run stored for it.
    List<TrainingRunService.EpochLog> stored = runs.epochs(runId);
    for (int i = 0; i < EPOCHS; i++) {
      assertThat(epochs.get(i).get("metrics").get("loss").asDouble())
          .isEqualTo(((Number) stored.get(i).metrics().get("loss")).doubleValue());
    }

    List<JsonNode> states = events.stream().filter(e -> e.name().equals("state")).map(SseEvent::data).toList();
    assertThat(states).anySatisfy(state -> {
      assertThat(state.get("state").asText()).isEqualTo("RUNNING");
      assertThat(state.get("worker").asText()).isNotBlank();
      assertThat(state.get("attempts").asInt()).isEqualTo(1);
    });
    SseEvent last = events.get(events.size() - 1);
    assertThat(last.name()).isEqualTo("state");
    assertThat(last.data().get("state").asText()).isEqualTo("SUCCEEDED");
    assertThat(last.data().get("modelId").isNumber()).isTrue();
    assertThat(last.data().get("epochsDone").asInt()).isEqualTo(EPOCHS);
    events.stream().filter(e -> e.name().equals("progress"))
        .forEach(progress -> assertThat(progress.data().get("etaSeconds").isNumber()).isTrue());
  }

  @Test
  void aFinishedRunsStreamReplaysItsEpochsAndEnds() throws Exception {
    long runId = queuedRun();
    worker.execute(runId);
    String body = given().header("Authorization", TestIdentities.bearer(Roles.ADMIN)).accept("text/event-stream")
        .get("/api/v1/training-runs/{id}/events", runId)
        .then().statusCode(200).extract().asString();
    List<SseEvent> events = parse(body.lines().iterator());
    assertThat(events).extracting(SseEvent::name).containsExactly("epoch", "epoch", "epoch", "epoch", "state");
    assertThat(events.get(4).data().get("state").asText()).isEqualTo("SUCCEEDED");
  }

  @Test
  void anUnknownRunIsNotFound() {
    given().header("Authorization", TestIdentities.bearer(Roles.RESEARCHER)).accept("text/event-stream")
        .get("/api/v1/training-runs/{id}/events", 987_654_321L)
        .then().statusCode(404);
  }

  /** A run persisted without its outbox event, so no queue consumer races this test for it. */
  private long queuedRun() {
    long snapshot = TestModels.snapshot();
    return QuarkusTransaction.requiringNew().call(() -> {
      TrainingRun run = new TrainingRun();
      run.snapshotId = snapshot;
      run.config = json.convertValue(runs.toConfig(new RunRequest(snapshot, null, "hashed", null, EPOCHS, 8, null,
          null, null, null, 0, 11)), Map.class);
      run.state = TrainingRun.State.QUEUED;
      run.createdBy = "tests";
      run.createdAt = Instant.now();
      run.persist();
      return run.id;
    });
  }

  private List<SseEvent> parse(Iterator<String> lines) {
    List<SseEvent> events = new ArrayList<>();
    SseEvent event;
    while ((event = next(lines)) != null) {
      events.add(event);
    }
    return events;
  }

  /** The next event (its {@code event:} name and {@code data:} JSON), or null when the stream has ended. */
  private SseEvent next(Iterator<String> lines) {
    String name = "message";
    StringBuilder data = new StringBuilder();
    while (lines.hasNext()) {
      String line = lines.next();
      if (line.isEmpty()) {
        if (!data.isEmpty()) {
          return new SseEvent(name, read(data.toString()));
        }
        continue;
      }
      if (line.startsWith("event:")) {
        name = line.substring("event:".length()).strip();
      } else if (line.startsWith("data:")) {
        data.append(line.substring("data:".length()).strip());
      }
    }
    return data.isEmpty() ? null : new SseEvent(name, read(data.toString()));
  }

  private JsonNode read(String data) {
    try {
      return json.readTree(data);
    } catch (java.io.IOException e) {
      throw new AssertionError("not JSON: " + data, e);
    }
  }
}
