package dev.assay.guardrail.scoring;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.guardrail.ServedTestModels;
import dev.assay.platform.identity.Roles;
import dev.assay.testing.TestIdentities;
import dev.assay.trainer.registry.ModelRegistry;
import dev.assay.trainer.registry.RegisteredModel;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Promoting a second model while many clients score and check: the promotion travels over the
 * RabbitMQ fanout exchange, the replica loads the new model in the background and swaps it in; no
 * request may fail, and the model version in the answers must switch to the new one.
 */
@QuarkusTest
class HotSwapUnderLoadTest {
  private static final int CLIENTS = 12;

  @Inject ModelRegistry registry;

  record Observation(long nanos, int status, String modelVersion, String body) {}

  @Test
  void promotingAModelUnderLoadFailsNoRequestAndSwitchesTheModelVersion() throws Exception {
    RegisteredModel first = ServedTestModels.ensureProduction();
    long secondId = ServedTestModels.trainCandidate(11);
    String second = registry.get(secondId).version();
    String admin = TestIdentities.bearer(Roles.ADMIN);
    String policy = "hot-swap-" + System.nanoTime();
    given().header("Authorization", admin).contentType(ContentType.JSON)
        .body(Map.of("name", policy, "threshold", 0.0, "action", "flag")).post("/api/v1/guardrail/policies")
        .then().statusCode(201);

    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    String base = "http://localhost:" + RestAssured.port;
    java.util.Queue<Observation> observations = new java.util.concurrent.ConcurrentLinkedQueue<>();
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    List<Future<?>> running = new ArrayList<>();
    for (int c = 0; c < CLIENTS; c++) {
      String key = TestIdentities.bearer(Roles.SERVICE);
      int client = c;
      running.add(clients.submit(() -> {
        for (int i = 0; !stop.get(); i++) {
          boolean guardrail = (i + client) % 2 == 0;
          String body = guardrail
              ? "{\"prompt\":\"How do I boil an egg? (" + client + "/" + i + ")\",\"response\":\"Boil it for"
                  + " nine minutes, then cool it.\",\"policy\":\"" + policy + "\"}"
              : "{\"prompt\":\"What is the capital of France? (" + client + "/" + i + ")\",\"responses\":"
                  + "[\"Paris.\",\"Go away.\",\"The capital of France is Paris.\"]}";
          HttpRequest request = HttpRequest.newBuilder(URI.create(base + (guardrail ? "/api/v1/guardrail/check"
                  : "/api/v1/scores")))
              .header("Authorization", key).header("Content-Type", "application/json")
              .timeout(Duration.ofSeconds(30))
              .POST(HttpRequest.BodyPublishers.ofString(body)).build();
          HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
          String version = response.statusCode() == 200
              ? JsonPath.from(response.body()).getString(guardrail ? "model_version" : "modelVersion") : null;
          observations.add(new Observation(System.nanoTime(), response.statusCode(), version, response.body()));
        }
        return null;
      }));
    }
    Thread.sleep(1_500);
    long promotedAt = System.nanoTime();
    given().header("Authorization", admin).post("/api/v1/models/{id}/promote", secondId).then().statusCode(200);
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline && observations.stream().noneMatch(o -> second.equals(o.modelVersion()))) {
      Thread.sleep(50);
    }
    Thread.sleep(1_500);
    stop.set(true);
    for (Future<?> client : running) {
      client.get();
    }
    clients.shutdown();

    List<Observation> all = List.copyOf(observations);
    List<Observation> failed = all.stream().filter(o -> o.status() != 200).toList();
    assertThat(failed).as("non-2xx during the swap: %s", failed.stream().limit(3).map(Observation::body).toList())
        .isEmpty();
    assertThat(all.stream().filter(o -> o.nanos() < promotedAt).map(Observation::modelVersion))
        .isNotEmpty().containsOnly(first.version());
    long switchedAt = all.stream().filter(o -> second.equals(o.modelVersion())).mapToLong(Observation::nanos).min()
        .orElseThrow(() -> new AssertionError("model version never switched to " + second));
    // Once the new model answered, answers finishing 100 ms later come from it alone.
    assertThat(all.stream().filter(o -> o.nanos() > switchedAt + 100_000_000L).map(Observation::modelVersion))
        .isNotEmpty().containsOnly(second);
    assertThat((switchedAt - promotedAt) / 1e9).as("the broadcast, not the 30 s registry check, triggers the swap")
        .isLessThan(25);
    System.out.printf("hot swap: %d requests by %d clients, 0 failed; %s -> %s %.0f ms after the promote call%n",
        all.size(), CLIENTS, first.version(), second, (switchedAt - promotedAt) / 1e6);
  }
}
