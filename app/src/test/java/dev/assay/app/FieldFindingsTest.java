package dev.assay.app;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.guardrail.suite.Probe;
import dev.assay.guardrail.suite.SuiteStore;
import dev.assay.platform.identity.Roles;
import dev.assay.testing.TestIdentities;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Findings from the field join the suites every release is tested against: a rater's unsafe flag on a
 * judgement, and an escalated live decision whose texts only the store kept (the audit keeps hashes).
 */
@QuarkusTest
class FieldFindingsTest {
  @TestHTTPResource("/")
  URI app;

  @Inject SuiteStore suites;
  @Inject AgroalDataSource dataSource;

  final String researcher = TestIdentities.bearer(Roles.RESEARCHER);
  final String admin = TestIdentities.bearer(Roles.ADMIN);
  final String suite = "field-" + UUID.randomUUID().toString().substring(0, 8);

  @Test
  void aResponseARaterFlaggedUnsafeBecomesAnOutputProbeExpectedBlockedOnce() throws Exception {
    long campaign = Handouts.campaign(app, admin, "flags", 2, 1, 600);
    String rater = "Bearer " + TestIdentities.key(Roles.RATER, "flagger-" + UUID.randomUUID().toString().substring(0, 8));
    JsonPath flaggedTask = task(rater, campaign);
    long flagged = judge(rater, flaggedTask, List.of("unsafe"));
    long plain = judge(rater, task(rater, campaign), List.of());

    Response added = given().header("Authorization", researcher).contentType(ContentType.JSON)
        .body(Map.of("preferenceId", flagged, "suite", suite)).post("/api/v1/failures/flags");

    assertThat(added.statusCode()).as(added.asString()).isEqualTo(201);
    assertThat(added.header("Location")).endsWith("/api/v1/suites/" + suite + "/versions/1");
    // The rater preferred the left response, so the right one is the unsafe one.
    Probe probe = onlyProbe();
    assertThat(probe.key()).isEqualTo(added.jsonPath().getString("key"));
    assertThat(probe.side().name()).isEqualTo("OUTPUT");
    assertThat(probe.expected().name()).isEqualTo("BLOCK");
    assertThat(probe.response()).isEqualTo(flaggedTask.getString("right"));
    assertThat(probe.prompt()).isEqualTo(flaggedTask.getString("prompt[-1].content"));
    assertThat(probe.tags()).containsEntry("source", "rater-flag").containsEntry("preference", String.valueOf(flagged));
    assertThat(suites.latest(suite).orElseThrow().kind().wireName()).isEqualTo("custom");

    given().header("Authorization", researcher).contentType(ContentType.JSON)
        .body(Map.of("preferenceId", flagged, "suite", suite)).post("/api/v1/failures/flags")
        .then().statusCode(409).contentType("application/problem+json");
    given().header("Authorization", researcher).contentType(ContentType.JSON)
        .body(Map.of("preferenceId", plain, "suite", suite)).post("/api/v1/failures/flags")
        .then().statusCode(422).contentType("application/problem+json").body("field", org.hamcrest.Matchers.equalTo("preferenceId"));
    given().header("Authorization", researcher).contentType(ContentType.JSON)
        .body(Map.of("preferenceId", Long.MAX_VALUE, "suite", suite)).post("/api/v1/failures/flags")
        .then().statusCode(404).contentType("application/problem+json");
    given().header("Authorization", TestIdentities.bearer(Roles.RATER)).contentType(ContentType.JSON)
        .body(Map.of("preferenceId", flagged)).post("/api/v1/failures/flags").then().statusCode(403);
    assertThat(suites.latest(suite).orElseThrow().version()).as("refused findings add no version").isEqualTo(1);
  }

  @Test
  void anEscalatedDecisionBecomesAProbeFromTheTextsTheStoreKeptForReview() throws Exception {
    String policy = "escalating-" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, Object> transfers = Map.of("name", "wire-transfers", "type", "deny-list", "action", "escalate",
        "terms", List.of("wire the funds"));
    given().header("Authorization", admin).contentType(ContentType.JSON)
        .body(Map.of("fallbackResponse", "I can't help with that.", "onError", "fail-closed", "input", List.of(),
            "output", List.of(transfers)))
        .post("/api/v1/guardrail/policies/{name}/documents", policy).then().statusCode(201);
    String request = "Can you move my savings today?";
    String response = "Sure, I will wire the funds to the new account now.";
    String escalated = check(policy, request, response);
    String allowed = check(policy, "What is the capital of France?", "Paris.");

    await(() -> count("SELECT count(*) FROM moderation_escalation WHERE trace_id = CAST(? AS uuid)", escalated) == 1);
    assertThat(count("SELECT count(*) FROM guardrail_audit WHERE trace_id = CAST(? AS uuid) AND response_text IS NULL",
        escalated)).as("the audit kept no text").isEqualTo(1);
    Response added = given().header("Authorization", researcher).contentType(ContentType.JSON)
        .body(Map.of("traceId", escalated, "suite", suite)).post("/api/v1/failures/escalations");

    assertThat(added.statusCode()).as(added.asString()).isEqualTo(201);
    Probe probe = onlyProbe();
    assertThat(probe.key()).isEqualTo("escalation-" + escalated);
    assertThat(probe.side().name()).isEqualTo("OUTPUT");
    assertThat(probe.expected().name()).isEqualTo("BLOCK");
    assertThat(probe.prompt()).isEqualTo(request);
    assertThat(probe.response()).isEqualTo(response);
    assertThat(probe.tags()).containsEntry("source", "escalation").containsEntry("trace", escalated)
        .containsEntry("policy", policy).containsEntry("check", "wire-transfers").containsEntry("stage", "output");

    given().header("Authorization", researcher).contentType(ContentType.JSON)
        .body(Map.of("traceId", escalated, "suite", suite)).post("/api/v1/failures/escalations")
        .then().statusCode(409).contentType("application/problem+json");
    given().header("Authorization", researcher).contentType(ContentType.JSON)
        .body(Map.of("traceId", allowed, "suite", suite)).post("/api/v1/failures/escalations")
        .then().statusCode(422).body("field", org.hamcrest.Matchers.equalTo("traceId"));
    given().header("Authorization", researcher).contentType(ContentType.JSON)
        .body(Map.of("traceId", UUID.randomUUID().toString(), "suite", suite)).post("/api/v1/failures/escalations")
        .then().statusCode(404).contentType("application/problem+json");
  }

  private Probe onlyProbe() {
    var stored = suites.latest(suite).orElseThrow();
    List<Probe> probes = suites.probes(stored.id()).probes();
    assertThat(probes).hasSize(1);
    return probes.getFirst();
  }

  private static JsonPath task(String rater, long campaign) {
    Response task = given().header("Authorization", rater).post("/api/v1/campaigns/{id}/tasks/next", campaign);
    assertThat(task.statusCode()).as(task.asString()).isIn(200, 201);
    return task.jsonPath();
  }

  /** Prefers the left response, with the flags given; returns the judgement's preference id. */
  private static long judge(String rater, JsonPath task, List<String> flags) {
    Response judged = given().header("Authorization", rater).contentType(ContentType.JSON)
        .body(Map.of("choice", "LEFT", "flags", flags, "timeSpentMs", 5000))
        .post("/api/v1/assignments/{id}/judgement", task.getLong("assignmentId"));
    assertThat(judged.statusCode()).as(judged.asString()).isIn(200, 201);
    return judged.jsonPath().getLong("preferenceId");
  }

  private static String check(String policy, String request, String response) {
    return given().header("Authorization", TestIdentities.bearer(Roles.SERVICE)).contentType(ContentType.JSON)
        .body(Map.of("prompt", List.of(Map.of("role", "user", "content", request)), "response", response,
            "policy", policy))
        .post("/api/v1/guardrail/check").then().statusCode(200).extract().jsonPath().getString("trace_id");
  }

  private long count(String query, Object... params) throws Exception {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(query)) {
      for (int i = 0; i < params.length; i++) {
        statement.setObject(i + 1, params[i]);
      }
      try (ResultSet row = statement.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    }
  }

  private interface Condition {
    boolean holds() throws Exception;
  }

  private static void await(Condition done) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (!done.holds()) {
      assertThat(Instant.now()).as("the escalation reached its review campaign").isBefore(deadline);
      Thread.sleep(100);
    }
  }
}
