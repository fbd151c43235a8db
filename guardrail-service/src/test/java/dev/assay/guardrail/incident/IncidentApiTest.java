package dev.assay.guardrail.incident;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.guardrail.ServedTestModels;
import dev.assay.guardrail.monitoring.alert.Alert;
import dev.assay.guardrail.monitoring.alert.AlertFired;
import dev.assay.guardrail.monitoring.alert.AlertResolved;
import dev.assay.platform.identity.IdentityService;
import dev.assay.platform.identity.KeySummary;
import dev.assay.platform.identity.Roles;
import dev.assay.testing.TestIdentities;
import dev.assay.trainer.registry.ModelRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * Incidents on the real services: a critical alert opens one with the decisions around it, its later firings
 * and resolution join the timeline, a model rollback from it changes the model of the decisions made after it,
 * a stricter policy version, a per-key rate limit and a key revocation take effect at once, illegal status
 * moves are refused, and the markdown export carries the timeline.
 */
@QuarkusTest
class IncidentApiTest {
  private static final String PROMPT = "How do I reset my password?";
  private static final String ANSWER = "Open Settings, choose Security and follow the reset link we email you.";
  private static final String SECRET = "tell me the vault combination";

  @Inject Event<AlertFired> fired;
  @Inject Event<AlertResolved> resolved;
  @Inject ModelRegistry registry;
  @Inject IdentityService identities;
  @Inject Clock clock;

  final String admin = TestIdentities.bearer(Roles.ADMIN);
  final String researcher = TestIdentities.bearer(Roles.RESEARCHER);
  final String tag = UUID.randomUUID().toString().substring(0, 8);

  @Test
  void aCriticalAlertOpensAnIncidentAndRollingBackFromItServesThePreviousModelToTheDecisionsAfterIt()
      throws Exception {
    long previous = ServedTestModels.trainCandidate(41);
    given().header("Authorization", admin).post("/api/v1/models/{id}/promote", previous).then().statusCode(200);
    long current = ServedTestModels.trainCandidate(43);
    given().header("Authorization", admin).post("/api/v1/models/{id}/promote", current).then().statusCode(200);
    String previousVersion = registry.get(previous).version();
    String currentVersion = registry.get(current).version();
    String callerName = "client-" + tag;
    String client = "Bearer " + TestIdentities.key(Roles.SERVICE, callerName);
    String policy = "reward-" + tag;
    given().header("Authorization", admin).contentType(ContentType.JSON)
        .body(Map.of("name", policy, "threshold", -1_000.0, "action", "block", "on_no_model", "fail-closed"))
        .post("/api/v1/guardrail/policies").then().statusCode(201);
    String before = decisionServedBy(client, policy, currentVersion);

    Alert alert = alert(policy, currentVersion, callerName, "critical");
    fired.fire(new AlertFired(alert));

    JsonPath incident = incidentOf(policy);
    long id = incident.getLong("incident.id");
    assertThat(incident.getString("incident.status")).isEqualTo("open");
    assertThat(incident.getString("incident.severity")).isEqualTo("critical");
    assertThat(incident.getString("incident.openedBy")).isEqualTo("system");
    assertThat(incident.getString("incident.links.model_version")).isEqualTo(currentVersion);
    assertThat(incident.getString("incident.links.production_reward")).isEqualTo(currentVersion);
    assertThat(incident.getString("incident.links.production_policy_version")).isEqualTo("1");
    assertThat(incident.getList("timeline.kind")).containsSubsequence("alert.fired", "opened");
    assertThat(incident.getList("timeline.findAll { it.kind == 'decision' }.details.trace_id")).contains(before);

    Alert again = alert(policy, currentVersion, callerName, "warning");
    fired.fire(new AlertFired(again));
    resolved.fire(new AlertResolved(new Alert(again.id(), again.rule(), again.kind(), again.severity(), again.labels(),
        again.value(), again.threshold(), again.firedAt(), clock.instant(), again.summary())));
    JsonPath followed = timeline(id);
    assertThat(followed.getList("timeline.findAll { it.kind == 'alert.fired' }.details.alertId", Long.class))
        .containsExactly(alert.id(), again.id());
    assertThat(followed.getList("timeline.findAll { it.kind == 'alert.resolved' }.details.alertId", Long.class))
        .containsExactly(again.id());

    Response rollback = given().header("Authorization", admin).contentType(ContentType.JSON)
        .body(Map.of("kind", "REWARD")).post("/api/v1/incidents/{id}/mitigations/model-rollback", id);
    rollback.then().statusCode(201);
    assertThat(rollback.jsonPath().getString("summary")).contains(currentVersion).contains(previousVersion);
    String after = decisionServedBy(client, policy, previousVersion);
    assertThat(after).isNotEqualTo(before);
    JsonPath audit = given().header("Authorization", admin).queryParam("target", "incident:" + id)
        .get("/api/v1/admin/audit").then().statusCode(200).extract().jsonPath();
    assertThat(audit.getList("items.action")).contains("incident.open", "incident.mitigate");
    assertThat(timeline(id).getList("timeline.kind")).last().isEqualTo("action");

    status(id, "mitigated").then().statusCode(200);
    status(id, "resolved").then().statusCode(200);
    assertThat(status(id, "mitigated").then().statusCode(409).extract().jsonPath().getString("detail"))
        .contains("resolved");
    given().header("Authorization", admin).contentType(ContentType.JSON).body(Map.of("kind", "REWARD"))
        .post("/api/v1/incidents/{id}/mitigations/model-rollback", id).then().statusCode(409);
    assertThat(status(id, "closed").then().statusCode(422).extract().jsonPath().getString("field")).isEqualTo("status");

    given().header("Authorization", admin).contentType(ContentType.JSON)
        .body(Map.of("markdown", "## What happened\n\nThe new reward model let rude answers through."))
        .put("/api/v1/incidents/{id}/postmortem", id).then().statusCode(200);
    String markdown = given().header("Authorization", researcher).get("/api/v1/incidents/{id}/markdown", id)
        .then().statusCode(200).contentType("text/markdown").extract().asString();
    assertThat(markdown).startsWith("# Incident " + id + ": ").contains("## Timeline").contains("| alert.fired |")
        .contains("| action |").contains("rolled back " + currentVersion + " to " + previousVersion)
        .contains("(trace " + before + ")").contains("moved from mitigated to resolved")
        .contains("## Post-mortem").contains("let rude answers through");
  }

  @Test
  void anIncidentOpenedByHandSwitchesAPolicyToAStricterVersionRateLimitsOneKeyAndRevokesIt() {
    String policy = "rules-" + tag;
    saveDocument(policy, "(?i)vault combination");
    saveDocument(policy, "(?i)open the back door");
    String callerName = "prober-" + tag;
    String probing = "Bearer " + TestIdentities.key(Roles.SERVICE, callerName);
    String sameOwnersOtherKey = "Bearer " + identities.createKey(callerName, Roles.SERVICE, "second").plaintext();
    long probingKey = identities.keys().stream().filter(k -> k.owner().equals(callerName))
        .mapToLong(KeySummary::id).min().orElseThrow();
    assertThat(check(probing, policy, SECRET).then().statusCode(200).extract().jsonPath().getString("decision"))
        .isEqualTo("allow");

    Map<String, Object> draft = new HashMap<>(Map.of("title", "Prober of " + policy, "severity", "warning",
        "links", Map.of("policy", policy, "caller", callerName)));
    Response opened = given().header("Authorization", admin).contentType(ContentType.JSON).body(draft)
        .post("/api/v1/incidents");
    opened.then().statusCode(201);
    long id = opened.jsonPath().getLong("id");
    assertThat(opened.header("Location")).endsWith("/api/v1/incidents/" + id);
    assertThat(opened.jsonPath().getString("links.production_policy_version")).isEqualTo("2");

    mitigate(id, "policy-promotion", Map.of("policy", policy, "version", 1)).then().statusCode(201);
    assertThat(check(probing, policy, SECRET).then().statusCode(200).extract().jsonPath().getString("decision"))
        .as("version 1 blocks what version 2 let through").isEqualTo("block");

    mitigate(id, "key-rate-limit", Map.of("keyId", probingKey, "requestsPerSecond", 0.2, "burst", 2))
        .then().statusCode(201);
    check(probing, policy, SECRET).then().statusCode(200);
    check(probing, policy, SECRET).then().statusCode(200);
    Response limited = check(probing, policy, SECRET);
    limited.then().statusCode(429);
    assertThat(Long.parseLong(limited.header("Retry-After"))).isPositive();
    check(sameOwnersOtherKey, policy, SECRET).then().statusCode(200);

    mitigate(id, "key-revocation", Map.of("keyId", probingKey)).then().statusCode(201);
    check(probing, policy, SECRET).then().statusCode(401);
    check(sameOwnersOtherKey, policy, SECRET).then().statusCode(200);

    JsonPath timeline = timeline(id);
    assertThat(timeline.getList("timeline.findAll { it.kind == 'action' }.details.mitigation"))
        .containsExactly("policy-promotion", "key-rate-limit", "key-revocation");
    JsonPath keyAudit = given().header("Authorization", admin).queryParam("target", "key:" + probingKey)
        .get("/api/v1/admin/audit").then().statusCode(200).extract().jsonPath();
    assertThat(keyAudit.getList("items.action")).contains("key.rate-limit", "key.revoke");
    Response note = given().header("Authorization", admin).contentType(ContentType.JSON)
        .body(Map.of("text", "Client owner contacted.")).post("/api/v1/incidents/{id}/notes", id);
    note.then().statusCode(201);
    given().header("Authorization", researcher).get(note.header("Location")).then().statusCode(200);
  }

  @Test
  void badInputNamesTheFieldUnknownIncidentsAre404AndResearchersOnlyRead() {
    assertThat(open(Map.of("severity", "critical")).then().statusCode(422).extract().jsonPath().getString("field"))
        .isEqualTo("title");
    assertThat(open(Map.of("title", "x", "severity", "bad")).then().statusCode(422).extract().jsonPath()
        .getString("field")).isEqualTo("severity");
    long id = open(Map.of("title", "Drift on " + tag, "severity", "info")).then().statusCode(201).extract().jsonPath()
        .getLong("id");
    assertThat(mitigate(id, "key-rate-limit", Map.of("requestsPerSecond", 1, "burst", 1)).then().statusCode(422)
        .extract().jsonPath().getString("field")).isEqualTo("keyId");
    assertThat(mitigate(id, "key-rate-limit", Map.of("keyId", Long.MAX_VALUE, "requestsPerSecond", 1, "burst", 0))
        .then().statusCode(422).extract().jsonPath().getString("field")).isEqualTo("burst");
    mitigate(id, "key-revocation", Map.of("keyId", Long.MAX_VALUE)).then().statusCode(404);
    assertThat(mitigate(id, "model-rollback", Map.of("kind", "CLASSIFIER")).then().statusCode(422).extract()
        .jsonPath().getString("field")).isEqualTo("classifier");
    given().header("Authorization", admin).get("/api/v1/incidents/{id}", Long.MAX_VALUE).then().statusCode(404);
    status(Long.MAX_VALUE, "resolved").then().statusCode(404);
    status(id, "resolved").then().statusCode(200);
    status(id, "open").then().statusCode(409);

    assertThat(given().header("Authorization", researcher).queryParam("status", "resolved").get("/api/v1/incidents")
        .then().statusCode(200).extract().jsonPath().getList("id", Long.class)).contains(id);
    given().header("Authorization", researcher).queryParam("status", "gone").get("/api/v1/incidents")
        .then().statusCode(422);
    given().header("Authorization", researcher).contentType(ContentType.JSON).body(Map.of("title", "x", "severity",
        "info")).post("/api/v1/incidents").then().statusCode(403);
    given().header("Authorization", TestIdentities.bearer(Roles.SERVICE)).get("/api/v1/incidents").then()
        .statusCode(403);
  }

  // --- helpers

  /** Checks until the decision carries {@code modelVersion} (replicas swap models on a broadcast); its trace id. */
  private String decisionServedBy(String client, String policy, String modelVersion) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    String seen = null;
    while (Instant.now().isBefore(deadline)) {
      JsonPath decision = check(client, policy, ANSWER).then().statusCode(200).extract().jsonPath();
      seen = decision.getString("model_version");
      if (modelVersion.equals(seen)) {
        return decision.getString("trace_id");
      }
      Thread.sleep(250);
    }
    throw new AssertionError("decisions kept model " + seen + ", never " + modelVersion);
  }

  private Alert alert(String policy, String modelVersion, String caller, String severity) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("policy", policy);
    labels.put("policy_version", "1");
    labels.put("model_version", modelVersion);
    labels.put("caller", caller);
    return new Alert(ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE), "score-drift-" + tag, "drift", severity,
        labels, 0.42, 0.2, clock.instant(), null, "PSI of " + policy + " scores 0.42 above 0.2");
  }

  private JsonPath incidentOf(String policy) {
    long id = given().header("Authorization", admin).queryParam("status", "open").get("/api/v1/incidents")
        .then().statusCode(200).extract().jsonPath()
        .getLong("find { it.links.policy == '" + policy + "' }.id");
    return timeline(id);
  }

  private JsonPath timeline(long id) {
    return given().header("Authorization", admin).get("/api/v1/incidents/{id}", id).then().statusCode(200).extract()
        .jsonPath();
  }

  private Response open(Map<String, Object> body) {
    return given().header("Authorization", admin).contentType(ContentType.JSON).body(body).post("/api/v1/incidents");
  }

  private Response status(long id, String status) {
    return given().header("Authorization", admin).contentType(ContentType.JSON).body(Map.of("status", status))
        .put("/api/v1/incidents/{id}/status", id);
  }

  private Response mitigate(long id, String action, Map<String, Object> body) {
    return given().header("Authorization", admin).contentType(ContentType.JSON).body(body)
        .post("/api/v1/incidents/{id}/mitigations/" + action, id);
  }

  private Response check(String authorization, String policy, String prompt) {
    return given().header("Authorization", authorization).contentType(ContentType.JSON)
        .body(Map.of("prompt", prompt, "response", ANSWER, "policy", policy)).post("/api/v1/guardrail/check");
  }

  private void saveDocument(String name, String blockedPattern) {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("fallbackResponse", "I can't help with that.");
    document.put("onError", "fail-closed");
    document.put("input", List.of(Map.of("name", "deny", "type", "regex", "action", "block",
        "patterns", List.of(blockedPattern))));
    document.put("output", List.of());
    given().header("Authorization", admin).contentType(ContentType.JSON).body(document)
        .post("/api/v1/guardrail/policies/{name}/documents", name).then().statusCode(201);
  }
}
