package dev.assay.guardrail.scoring;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.assay.guardrail.ServedTestModels;
import dev.assay.platform.identity.Roles;
import dev.assay.store.record.Message;
import dev.assay.testing.TestIdentities;
import dev.assay.trainer.model.ModelKind;
import dev.assay.trainer.model.PairPrediction;
import dev.assay.trainer.model.Reward;
import dev.assay.trainer.registry.RegisteredModel;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The scoring endpoints over REST with a real reward model trained on the polite-vs-rude fixture:
 * the scores are the model's own, a model without a sentence encoder has no batcher (small requests
 * are scored on the event loop, large ones on a worker), and the checks (roles, 422, 413, 429) still
 * answer although the endpoints run on the event loop.
 */
@QuarkusTest
class ScoringApiTest {
  static final String PROMPT = "How do I boil an egg?";
  static final String POLITE = "Great question! Place the egg in boiling water for about nine minutes, then cool it"
      + " in cold water before peeling.";
  static final String RUDE = "That is a stupid question and I won't answer it.";

  @Inject ProductionModels models;

  final String service = TestIdentities.bearer(Roles.SERVICE);

  @Test
  void scoresAreTheModelsOwnWithoutABatcherForAHashedModel() throws Exception {
    RegisteredModel model = ServedTestModels.ensureProduction();
    ProductionModels.Active active = models.loaded(ModelKind.REWARD).orElseThrow();
    List<Message> prompt = List.of(Message.user(PROMPT));
    List<Reward> expected = active.scorer().score(prompt, List.of(POLITE, RUDE));

    assertThat(active.scorer().gainsFromBatching()).isFalse();
    assertThat(active.batcher()).as("hashing gains nothing from batching").isNull();
    JsonPath scored = given().header("Authorization", service).contentType(ContentType.JSON)
        .body(Map.of("prompt", PROMPT, "responses", List.of(POLITE, RUDE))).post("/api/v1/scores")
        .then().statusCode(200).extract().jsonPath();
    assertThat(scored.getString("modelVersion")).isEqualTo(model.version());
    assertThat(scored.getDouble("scores[0].raw")).isCloseTo(expected.get(0).raw(), within(1e-5));
    assertThat(scored.getDouble("scores[1].normalized")).isCloseTo(expected.get(1).normalized(), within(1e-5));

    PairPrediction pair = active.scorer().compare(prompt, POLITE, RUDE);
    JsonPath compared = given().header("Authorization", service).contentType(ContentType.JSON)
        .body(Map.of("prompt", List.of(Map.of("role", "user", "content", PROMPT)), "responseA", POLITE,
            "responseB", RUDE))
        .post("/api/v1/comparisons/score").then().statusCode(200).extract().jsonPath();
    assertThat(compared.getString("modelVersion")).isEqualTo(model.version());
    assertThat(compared.getString("method")).isEqualTo("reward-difference");
    assertThat(compared.getDouble("aBetter")).isCloseTo(pair.aBetter(), within(1e-5)).isGreaterThan(0.5);
    assertThat(compared.getDouble("aBetter") + compared.getDouble("bBetter")).isCloseTo(1.0, within(1e-6));

    // Beyond ScoringService.INLINE_CHARS the request is scored on a worker thread: same scores.
    List<String> large = List.of(POLITE + " More detail.".repeat(400), RUDE);
    List<Reward> largeExpected = active.scorer().score(prompt, large);
    assertThat(large.getFirst().length()).isGreaterThan(ScoringService.INLINE_CHARS);
    JsonPath largeScored = given().header("Authorization", service).contentType(ContentType.JSON)
        .body(Map.of("prompt", PROMPT, "responses", large)).post("/api/v1/scores")
        .then().statusCode(200).extract().jsonPath();
    assertThat(largeScored.getDouble("scores[0].raw")).isCloseTo(largeExpected.get(0).raw(), within(1e-5));
    assertThat(largeScored.getDouble("scores[1].raw")).isCloseTo(largeExpected.get(1).raw(), within(1e-5));
  }

  @Test
  void rolesBadInputAndRateLimitsAreStillEnforced() throws Exception {
    ServedTestModels.ensureProduction();
    Map<String, Object> ok = Map.of("prompt", PROMPT, "responseA", POLITE, "responseB", RUDE);
    given().contentType(ContentType.JSON).body(ok).post("/api/v1/comparisons/score").then().statusCode(401);
    given().header("Authorization", TestIdentities.bearer(Roles.RATER)).contentType(ContentType.JSON).body(ok)
        .post("/api/v1/comparisons/score").then().statusCode(403);
    given().header("Authorization", "Bearer assay_nosuch_key").contentType(ContentType.JSON).body(ok)
        .post("/api/v1/scores").then().statusCode(401);

    assertThat(given().header("Authorization", service).contentType(ContentType.JSON)
        .body(Map.of("prompt", PROMPT, "responseA", POLITE)).post("/api/v1/comparisons/score")
        .then().statusCode(422).contentType("application/problem+json").extract().jsonPath().getString("field"))
        .isEqualTo("responseB");
    assertThat(given().header("Authorization", service).contentType(ContentType.JSON)
        .body(Map.of("prompt", PROMPT, "responses", List.of())).post("/api/v1/scores")
        .then().statusCode(422).extract().jsonPath().getString("field")).isEqualTo("responses");
    assertThat(given().header("Authorization", service).contentType(ContentType.JSON)
        .body(Map.of("prompt", PROMPT, "responseA", POLITE, "responseB", "x".repeat(100_001)))
        .post("/api/v1/comparisons/score").then().statusCode(413).extract().jsonPath().getString("field"))
        .isEqualTo("responses[1]");

    // Configured for this caller in the test profile: burst 5, then 2 requests per second.
    String limited = "Bearer " + TestIdentities.key(Roles.SERVICE, "throttled-scorer");
    List<Integer> statuses = new ArrayList<>();
    String retryAfter = null;
    for (int i = 0; i < 12; i++) {
      var response = given().header("Authorization", limited).contentType(ContentType.JSON)
          .body(Map.of("prompt", PROMPT, "responses", List.of(POLITE))).post("/api/v1/scores");
      statuses.add(response.statusCode());
      retryAfter = retryAfter == null ? response.header("Retry-After") : retryAfter;
    }
    assertThat(statuses.subList(0, 5)).containsOnly(200);
    assertThat(statuses).contains(429);
    assertThat(Integer.parseInt(retryAfter)).isBetween(1, 2);
    given().header("Authorization", service).contentType(ContentType.JSON)
        .body(Map.of("prompt", PROMPT, "responses", List.of(POLITE))).post("/api/v1/scores").then().statusCode(200);
  }
}
