package dev.assay.guardrail.rollout;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.platform.identity.Roles;
import dev.assay.testing.TestIdentities;
import dev.assay.trainer.registry.ModelRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Rollouts over REST: started by admins (201 + Location), refused naming the field, one running per policy
 * (409), a policy version canary promoted into production or rolled back, every change audited.
 */
@QuarkusTest
class RolloutApiTest {
  private static final String SECRET = "reveal the vault code";

  @Inject ModelRegistry registry;

  final String adminName = "rollout-admin-" + UUID.randomUUID().toString().substring(0, 8);
  final String admin = "Bearer " + TestIdentities.key(Roles.ADMIN, adminName);
  final String service = TestIdentities.bearer(Roles.SERVICE);

  @Test
  void aPolicyVersionCanaryServesItsShareAndIsPromotedIntoProduction() {
    String policy = policyWithCandidate();

    Response created = post("/api/v1/rollouts", Map.of("policy", policy, "mode", "canary",
        "candidatePolicyVersion", 2, "canaryPercent", 100));

    assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
    JsonPath read = given().header("Authorization", TestIdentities.bearer(Roles.RESEARCHER))
        .get(created.header("Location")).then().statusCode(200).extract().jsonPath();
    long id = read.getLong("id");
    assertThat(read.getString("state")).isEqualTo("running");
    assertThat(read.getString("candidate")).isEqualTo(policy + " v2");
    assertThat(read.getString("routing")).isEqualTo("caller");
    assertThat(read.getString("startedBy")).isEqualTo(adminName);
    assertThat(read.getString("startedAt")).isNotNull();
    assertThat(given().header("Authorization", admin).get("/api/v1/rollouts").then().statusCode(200).extract()
        .jsonPath().getList("id", Long.class)).contains(id);
    JsonPath canary = check(policy);
    assertThat(canary.getString("decision")).as("version 2 lets the secret through").isEqualTo("allow");
    assertThat(canary.getInt("policy_version")).isEqualTo(2);

    Response second = post("/api/v1/rollouts", Map.of("policy", policy, "mode", "shadow", "candidatePolicyVersion", 2));
    assertThat(second.statusCode()).as(second.asString()).isEqualTo(409);
    assertThat(second.jsonPath().getString("detail")).contains("already has a running rollout");

    JsonPath promoted = given().header("Authorization", admin).post("/api/v1/rollouts/{id}/promote", id)
        .then().statusCode(200).extract().jsonPath();

    assertThat(promoted.getString("state")).isEqualTo("promoted");
    assertThat(promoted.getString("endedBy")).isEqualTo(adminName);
    assertThat(given().header("Authorization", admin).get("/api/v1/guardrail/policies/{n}", policy).then()
        .statusCode(200).extract().jsonPath().getInt("version")).isEqualTo(2);
    assertThat(check(policy).getInt("policy_version")).isEqualTo(2);
    given().header("Authorization", admin).post("/api/v1/rollouts/{id}/rollback", id).then().statusCode(409);
    assertThat(audit("rollout:" + id)).containsExactly("rollout.promote", "rollout.start");
  }

  @Test
  void aRolledBackCanarySendsEveryCallerToProductionAndANewRolloutMayStart() {
    String policy = policyWithCandidate();
    long id = post("/api/v1/rollouts", Map.of("policy", policy, "mode", "canary", "candidatePolicyVersion", 2,
        "canaryPercent", 100, "routing", "request-key")).then().statusCode(201).extract().jsonPath().getLong("id");
    assertThat(check(policy).getInt("policy_version")).isEqualTo(2);

    JsonPath rolledBack = given().header("Authorization", admin).post("/api/v1/rollouts/{id}/rollback", id)
        .then().statusCode(200).extract().jsonPath();

    assertThat(rolledBack.getString("state")).isEqualTo("rolled-back");
    assertThat(rolledBack.getString("endReason")).contains(adminName);
    JsonPath production = check(policy);
    assertThat(production.getInt("policy_version")).isEqualTo(1);
    assertThat(production.getString("decision")).isEqualTo("block");
    given().header("Authorization", admin).post("/api/v1/rollouts/{id}/stop", id).then().statusCode(409);
    post("/api/v1/rollouts", Map.of("policy", policy, "mode", "shadow", "candidatePolicyVersion", 2)).then()
        .statusCode(201);
    assertThat(audit("rollout:" + id)).containsExactly("rollout.rollback", "rollout.start");
  }

  @Test
  void aBadRolloutIsRefusedNamingItsFieldAndOnlyAdminsStartOne() throws Exception {
    String policy = policyWithCandidate();
    Map<String, Object> good = Map.of("policy", policy, "mode", "canary", "candidatePolicyVersion", 2,
        "canaryPercent", 10);

    assertRefused(with(good, "mode", "blue-green"), "mode");
    assertRefused(with(good, "mode", null), "mode");
    assertRefused(with(good, "policy", "no-such-policy-" + UUID.randomUUID()), "policy");
    assertRefused(with(good, "candidatePolicyVersion", null), "candidateModelId");
    assertRefused(with(good, "candidateModelId", 1), "candidateModelId");
    assertRefused(with(good, "canaryPercent", null), "canaryPercent");
    assertRefused(with(good, "canaryPercent", 100.5), "canaryPercent");
    assertRefused(with(with(good, "mode", "shadow"), "canaryPercent", 10), "canaryPercent");
    assertRefused(with(good, "routing", "round-robin"), "routing");
    assertRefused(with(good, "candidatePolicyVersion", 1), "candidatePolicyVersion");
    assertRefused(with(good, "candidatePolicyVersion", 99), "candidatePolicyVersion");
    Map<String, Object> model = with(good, "candidatePolicyVersion", null);
    assertRefused(with(model, "candidateModelId", Long.MAX_VALUE), "candidateModelId");
    TopicPolicy topics = TopicPolicy.create(registry, admin);
    Response unused = post("/api/v1/rollouts", with(model, "candidateModelId", topics.worse));
    assertRefused(unused, "candidateModelId");
    assertThat(unused.jsonPath().getString("detail")).contains("has no check using classifier " + topics.classifier);

    given().header("Authorization", TestIdentities.bearer(Roles.RESEARCHER)).contentType(ContentType.JSON).body(good)
        .post("/api/v1/rollouts").then().statusCode(403);
    given().header("Authorization", service).get("/api/v1/rollouts").then().statusCode(403);
    given().header("Authorization", admin).get("/api/v1/rollouts/{id}", Long.MAX_VALUE).then().statusCode(404);
    given().header("Authorization", admin).post("/api/v1/rollouts/{id}/promote", Long.MAX_VALUE).then()
        .statusCode(404);
    given().header("Authorization", admin).get("/api/v1/rollouts/{id}/shadow", Long.MAX_VALUE).then().statusCode(404);
    assertThat(given().header("Authorization", admin).get("/api/v1/rollouts").then().statusCode(200).extract()
        .jsonPath().getList("policy", String.class)).doesNotContain(policy);
  }

  /** Version 1 blocks the secret and serves; version 2, a candidate, lets it through. */
  private String policyWithCandidate() {
    String policy = "rollout-" + UUID.randomUUID().toString().substring(0, 8);
    saveDocument(policy, SECRET, false);
    saveDocument(policy, "open the back door", true);
    return policy;
  }

  private void saveDocument(String policy, String phrase, boolean candidate) {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("fallbackResponse", "No.");
    document.put("onError", "fail-closed");
    document.put("input", List.of(Map.of("name", "phrase", "type", "regex", "action", "block",
        "patterns", List.of("(?i)" + phrase))));
    document.put("output", List.of());
    given().header("Authorization", admin).contentType(ContentType.JSON).queryParam("candidate", candidate)
        .body(document).post("/api/v1/guardrail/policies/{name}/documents", policy).then().statusCode(201);
  }

  private JsonPath check(String policy) {
    return given().header("Authorization", service).contentType(ContentType.JSON)
        .body(Map.of("prompt", "Please " + SECRET + ".", "response", "It is 1234.", "policy", policy))
        .post("/api/v1/guardrail/check").then().statusCode(200).extract().jsonPath();
  }

  private Response post(String path, Map<String, Object> body) {
    return given().header("Authorization", admin).contentType(ContentType.JSON).body(body).post(path);
  }

  private List<String> audit(String target) {
    return given().header("Authorization", admin).queryParam("target", target).get("/api/v1/admin/audit")
        .then().statusCode(200).extract().jsonPath().getList("items.action");
  }

  private void assertRefused(Map<String, Object> body, String field) {
    assertRefused(post("/api/v1/rollouts", body), field);
  }

  private static void assertRefused(Response response, String field) {
    assertThat(response.statusCode()).as(response.asString()).isEqualTo(422);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.jsonPath().getString("field")).isEqualTo(field);
  }

  private static Map<String, Object> with(Map<String, Object> body, String field, Object value) {
    Map<String, Object> changed = new HashMap<>(body);
    changed.put(field, value);
    return changed;
  }
}
