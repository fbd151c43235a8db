package dev.assay.guardrail.decision;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.guardrail.ServedTestModels;
import dev.assay.guardrail.scoring.ProductionModels;
import dev.assay.platform.identity.Roles;
import dev.assay.testing.TestIdentities;
import dev.assay.trainer.TestModels;
import dev.assay.trainer.model.ModelKind;
import dev.assay.trainer.registry.RegisteredModel;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The guardrail over REST with a real reward model trained on the polite-vs-rude fixture: decisions,
 * policies and their versions, the audit log, bad input, rate limits and the no-model case.
 */
@QuarkusTest
class GuardrailApiTest {
  static final String PROMPT = "How do I boil an egg?";
  static final String POLITE = "Great question! Place the egg in boiling water for about nine minutes, then cool it"
      + " in cold water before peeling. Let me know if you have more questions.";
  static final String RUDE = "That is a stupid question and I won't answer it. Ask someone else.";

  @Inject AgroalDataSource dataSource;
  @Inject ProductionModels models;

  final String admin = TestIdentities.bearer(Roles.ADMIN);
  final String service = TestIdentities.bearer(Roles.SERVICE);

  String policy(String action, double threshold, String onNoModel, String fallback) {
    String name = "policy-" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, Object> body = new HashMap<>(Map.of("name", name, "threshold", threshold, "action", action,
        "on_no_model", onNoModel));
    if (fallback != null) {
      body.put("fallback_response", fallback);
    }
    given().header("Authorization", admin).contentType(ContentType.JSON).body(body)
        .post("/api/v1/guardrail/policies").then().statusCode(201);
    return name;
  }

  Response check(String authorization, Object prompt, String response, String policy) {
    Map<String, Object> body = new HashMap<>();
    body.put("prompt", prompt);
    body.put("response", response);
    body.put("policy", policy);
    return given().header("Authorization", authorization).contentType(ContentType.JSON).body(body)
        .post("/api/v1/guardrail/check");
  }

  @Test
  void politeResponsesPassAndRudeOnesAreBlockedWithTheFallbackAndEveryDecisionIsAudited() throws Exception {
    RegisteredModel model = ServedTestModels.ensureProduction();
    String name = policy("block", 0.0, "fail-closed", "I'm sorry, I can't help with that.");

    JsonPath allowed = check(service, PROMPT, POLITE, name).then().statusCode(200).extract().jsonPath();
    assertThat(allowed.getString("decision")).isEqualTo("allow");
    assertThat(allowed.getBoolean("flagged")).isFalse();
    assertThat(allowed.getDouble("score")).isGreaterThan(0.0);
    assertThat(allowed.getDouble("category_scores.reward")).isEqualTo(allowed.getDouble("score"));
    assertThat(allowed.getString("model_version")).isEqualTo(model.version());
    assertThat(allowed.getInt("policy_version")).isEqualTo(1);
    assertThat(allowed.getList("reasons")).isEmpty();
    assertThat(allowed.getString("fallback_response")).isNull();

    JsonPath blocked = check(service, List.of(Map.of("role", "user", "content", PROMPT)), RUDE, name)
        .then().statusCode(200).extract().jsonPath();
    assertThat(blocked.getString("decision")).isEqualTo("block");
    assertThat(blocked.getBoolean("flagged")).isTrue();
    assertThat(blocked.getDouble("score")).isLessThan(0.0);
    assertThat(blocked.getString("fallback_response")).isEqualTo("I'm sorry, I can't help with that.");
    assertThat(blocked.getList("reasons", String.class).getFirst()).contains("below the policy threshold");

    JsonPath page = given().header("Authorization", admin).queryParam("policy", name)
        .get("/api/v1/guardrail/audit").then().statusCode(200).extract().jsonPath();
    assertThat(page.getLong("total")).isEqualTo(2);
    assertThat(page.getList("items.decision")).containsExactly("block", "allow");
    assertThat(page.getString("items[0].trace_id")).isEqualTo(blocked.getString("trace_id"));
    assertThat(page.getString("items[0].response_hash")).hasSize(64);
    assertThat(page.getString("items[0].response_text")).as("texts are hashed only by default").isNull();
    assertThat(page.getString("items[0].model_version")).isEqualTo(model.version());
    assertThat(page.getString("items[0].caller")).startsWith("service-");
    assertThat(page.getLong("items[0].latency_us")).isPositive();

    JsonPath onlyBlocks = given().header("Authorization", admin).queryParam("policy", name)
        .queryParam("decision", "block").get("/api/v1/guardrail/audit").then().statusCode(200).extract().jsonPath();
    assertThat(onlyBlocks.getLong("total")).isEqualTo(1);
    given().header("Authorization", service).get("/api/v1/guardrail/audit").then().statusCode(403);

    String csv = given().header("Authorization", admin).queryParam("policy", name).queryParam("format", "csv")
        .get("/api/v1/guardrail/audit/export").then().statusCode(200).extract().asString();
    assertThat(csv.split("\r\n")).hasSize(3);
    assertThat(csv).startsWith("id,trace_id,decided_at,caller,policy").doesNotContain("stupid question");
    String jsonl = given().header("Authorization", admin).queryParam("policy", name)
        .get("/api/v1/guardrail/audit/export").then().statusCode(200).extract().asString();
    assertThat(jsonl.strip().split("\n")).hasSize(2);
    assertThat(JsonPath.from(jsonl.split("\n")[1]).getString("decision")).isEqualTo("block");
  }

  @Test
  void policiesAreVersionedNeverEditedAndRetiredPoliciesAreGone() throws Exception {
    ServedTestModels.ensureProduction();
    String name = policy("flag", -100.0, "fail-open", null);
    JsonPath v2 = given().header("Authorization", admin).contentType(ContentType.JSON)
        .body(Map.of("threshold", 100.0)).post("/api/v1/guardrail/policies/{name}/versions", name)
        .then().statusCode(201).header("Location", org.hamcrest.Matchers.endsWith("/versions/2"))
        .extract().jsonPath();
    assertThat(v2.getString("action")).as("inherited from v1").isEqualTo("flag");
    assertThat(v2.getString("on_no_model")).isEqualTo("fail-open");

    assertThat(check(service, PROMPT, POLITE, name).jsonPath().getString("decision")).isEqualTo("flag");
    Map<String, Object> pinned = Map.of("prompt", PROMPT, "response", POLITE, "policy", name, "policy_version", 1);
    JsonPath v1 = given().header("Authorization", service).contentType(ContentType.JSON).body(pinned)
        .post("/api/v1/guardrail/check").then().statusCode(200).extract().jsonPath();
    assertThat(v1.getString("decision")).isEqualTo("allow");
    assertThat(v1.getInt("policy_version")).isEqualTo(1);

    assertThat(given().header("Authorization", admin).get("/api/v1/guardrail/policies/{name}/versions", name)
        .jsonPath().getList("threshold", Double.class)).containsExactly(100.0, -100.0);
    given().header("Authorization", admin).delete("/api/v1/guardrail/policies/{name}", name).then().statusCode(200);
    check(service, PROMPT, POLITE, name).then().statusCode(404);
    given().header("Authorization", service).contentType(ContentType.JSON)
        .body(Map.of("name", "x", "threshold", 0)).post("/api/v1/guardrail/policies").then().statusCode(403);
  }

  @Test
  void badInputIsRefusedNamingTheFieldAndUnknownPoliciesAre404() throws Exception {
    ServedTestModels.ensureProduction();
    String name = policy("flag", 0.0, "fail-closed", null);
    check(service, PROMPT, POLITE, "no-such-policy").then().statusCode(404)
        .contentType("application/problem+json");
    assertThat(check(service, PROMPT, null, name).then().statusCode(422).extract().jsonPath().getString("field"))
        .isEqualTo("response");
    assertThat(check(service, null, POLITE, name).then().statusCode(422).extract().jsonPath().getString("field"))
        .isEqualTo("prompt");
    assertThat(check(service, List.of(Map.of("role", "robot", "content", "hi")), POLITE, name)
        .then().statusCode(422).extract().jsonPath().getString("field")).isEqualTo("prompt[0].role");
    assertThat(check(service, PROMPT, "x".repeat(100_001), name).then().statusCode(413).extract().jsonPath()
        .getString("field")).isEqualTo("response");
    Map<String, Object> badPolicy = Map.of("name", "Bad Name!", "threshold", 0);
    assertThat(given().header("Authorization", admin).contentType(ContentType.JSON).body(badPolicy)
        .post("/api/v1/guardrail/policies").then().statusCode(422).extract().jsonPath().getString("field"))
        .isEqualTo("name");
    Map<String, Object> badAction = Map.of("name", "ok-name", "threshold", 0, "action", "delete");
    assertThat(given().header("Authorization", admin).contentType(ContentType.JSON).body(badAction)
        .post("/api/v1/guardrail/policies").then().statusCode(422).extract().jsonPath().getString("field"))
        .isEqualTo("action");
    List<String> tooMany = new ArrayList<>();
    for (int i = 0; i < 257; i++) {
      tooMany.add("response " + i);
    }
    given().header("Authorization", service).contentType(ContentType.JSON)
        .body(Map.of("prompt", PROMPT, "responses", tooMany)).post("/api/v1/scores").then().statusCode(413);
  }

  @Test
  void aCallerOverItsRateLimitGets429WithRetryAfter() throws Exception {
    ServedTestModels.ensureProduction();
    String name = policy("flag", 0.0, "fail-closed", null);
    // Configured for this caller in the test profile: burst 5, then 2 requests per second.
    String throttled = "Bearer " + TestIdentities.key(Roles.SERVICE, "throttled-caller");
    List<Integer> statuses = new ArrayList<>();
    Response limited = null;
    for (int i = 0; i < 12; i++) {
      Response response = check(throttled, PROMPT, POLITE, name);
      statuses.add(response.statusCode());
      if (response.statusCode() == 429 && limited == null) {
        limited = response;
      }
    }
    assertThat(statuses.subList(0, 5)).containsOnly(200);
    assertThat(statuses).contains(429);
    assertThat(Integer.parseInt(limited.header("Retry-After"))).isBetween(1, 2);
    assertThat(limited.contentType()).startsWith("application/problem+json");
    // Other callers are not affected.
    check(service, PROMPT, POLITE, name).then().statusCode(200);
  }

  @Test
  void withoutAProductionModelScoringIs503AndPoliciesFailOpenOrClosedLoudly() throws Exception {
    RegisteredModel model = ServedTestModels.ensureProduction();
    String closed = policy("flag", 0.0, "fail-closed", "Service unavailable.");
    String open = policy("flag", 0.0, "fail-open", null);
    setStage(model.id, "ARCHIVED");
    try {
      models.refresh(ModelKind.REWARD);
      given().header("Authorization", service).contentType(ContentType.JSON)
          .body(Map.of("prompt", PROMPT, "responses", List.of(POLITE))).post("/api/v1/scores")
          .then().statusCode(503);

      JsonPath blocked = check(service, PROMPT, POLITE, closed).then().statusCode(503)
          .contentType("application/problem+json").extract().jsonPath();
      assertThat(blocked.getString("decision")).isEqualTo("block");
      assertThat(blocked.getList("reasons")).containsExactly("no model in production");
      assertThat(blocked.getString("fallback_response")).isEqualTo("Service unavailable.");
      assertThat(blocked.getString("trace_id")).isNotBlank();

      JsonPath allowed = check(service, PROMPT, POLITE, open).then().statusCode(503).extract().jsonPath();
      assertThat(allowed.getString("decision")).isEqualTo("allow");
      assertThat(allowed.getList("reasons")).containsExactly("no model in production");

        JsonPath audited = given().header("Authorization", admin).queryParam("policy", closed)
          .get("/api/v1/guardrail/audit").then().statusCode(200).extract().jsonPath();
      assertThat(audited.getList("items.decision")).containsExactly("block");
      assertThat(audited.getList("items[0].reasons")).containsExactly("no model in production");
      assertThat(audited.getString("items[0].model_version")).isNull();
    } finally {
      setStage(model.id, "PRODUCTION");
      models.refresh(ModelKind.REWARD);
    }
  }

  @Test
  void aThresholdCalibratedOnLabelledPairsMeetsTheTargetFalsePositiveRateAndIsStoredWithItsReport()
      throws Exception {
    RegisteredModel model = ServedTestModels.ensureProduction();
    String name = policy("block", 0.0, "fail-closed", null);
    JsonPath calibrated = given().header("Authorization", admin).contentType(ContentType.JSON)
        .body(Map.of("target_fpr", 0.1, "dataset", TestModels.DATASET))
        .post("/api/v1/guardrail/policies/{name}/calibrations", name)
        .then().statusCode(201).extract().jsonPath();
    assertThat(calibrated.getInt("version")).isEqualTo(2);
    assertThat(calibrated.getString("action")).isEqualTo("block");
    assertThat(calibrated.getDouble("calibration.fpr")).isLessThanOrEqualTo(0.1);
    // Each judged pair gives one good and one bad response; the fixture's ties are left out and counted.
    int good = calibrated.getInt("calibration.n_good");
    assertThat(good).isGreaterThan(60);
    assertThat(calibrated.getInt("calibration.n_bad")).isEqualTo(good);
    assertThat(calibrated.getInt("calibration.n")).isEqualTo(2 * good);
    assertThat(calibrated.getInt("calibration.source.pairs_left_out_tie_or_both_bad")).isPositive();
    assertThat(calibrated.getDouble("calibration.recall")).as("rude answers are caught").isGreaterThan(0.8);
    assertThat(calibrated.getDouble("calibration.precision")).isGreaterThan(0.8);
    assertThat(calibrated.getString("calibration.model_version")).isEqualTo(model.version());
    assertThat(calibrated.getDouble("threshold")).isEqualTo(calibrated.getDouble("calibration.threshold"));
    // The precision/recall curve is stored with the report, so the console can draw it with the chosen point.
    List<Double> recalls = calibrated.getList("calibration.curve.recall", Double.class);
    assertThat(recalls).hasSizeGreaterThan(10).startsWith(0.0).endsWith(1.0).isSorted();
    assertThat(calibrated.getList("calibration.curve.threshold", Double.class)).isSorted();

    given().header("Authorization", admin).contentType(ContentType.JSON)
        .body(Map.of("target_fpr", 0.1)).post("/api/v1/guardrail/policies/{name}/calibrations", name)
        .then().statusCode(422);
    given().header("Authorization", admin).contentType(ContentType.JSON)
        .body(Map.of("target_fpr", 0.1, "examples", List.of(Map.of("prompt", PROMPT, "response", POLITE,
            "label", "maybe")))).post("/api/v1/guardrail/policies/{name}/calibrations", name)
        .then().statusCode(422).body("field", org.hamcrest.Matchers.equalTo("examples[0].label"));
  }

  private void setStage(long modelId, String stage) throws Exception {
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
      statement.executeUpdate("UPDATE reward_model SET stage = '" + stage + "' WHERE id = " + modelId);
    }
  }
}
