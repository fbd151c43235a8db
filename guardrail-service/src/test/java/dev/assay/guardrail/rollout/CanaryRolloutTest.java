package dev.assay.guardrail.rollout;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.guardrail.decision.DecisionMade;
import dev.assay.guardrail.monitoring.alert.Alert;
import dev.assay.guardrail.monitoring.alert.AlertFired;
import dev.assay.platform.identity.Roles;
import dev.assay.testing.TestIdentities;
import dev.assay.trainer.registry.ModelRegistry;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A canary serves the callers its stable hash draws with the candidate, audited and observed as the canary
 * cohort with the candidate's versions; an alert on the canary rolls it back by itself, and every caller is
 * served by production again.
 */
@QuarkusTest
class CanaryRolloutTest {
  private static final String COOKING = "Is it fine to season the pie crust with pepper and bake it for dinner?";

  @Inject ModelRegistry registry;
  @Inject DecisionsSeen seen;
  @Inject Event<AlertFired> alerts;
  @Inject AgroalDataSource dataSource;

  final String admin = TestIdentities.bearer(Roles.ADMIN);
  final String service = TestIdentities.bearer(Roles.SERVICE);

  @Test
  void aCanaryServesItsShareWithTheWorseModelAndAnAlertOnItRollsItBackByItself() throws Exception {
    TopicPolicy topics = TopicPolicy.create(registry, admin);
    String productionVersion = registry.get(topics.production).version();
    String candidateVersion = registry.get(topics.worse).version();
    long id = start(Map.of("policy", topics.policy, "mode", "canary", "candidateModelId", topics.worse,
        "canaryPercent", 50, "routing", "request-key"));

    List<String> canaryKeys = new ArrayList<>();
    List<String> productionKeys = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      String key = "end-user-" + i;
      JsonPath decided = topics.check(service, COOKING, key);
      DecisionMade made = seen.get(decided.getString("trace_id"));
      if (CohortHash.inShare(id, key, 50)) {
        canaryKeys.add(key);
        assertThat(TopicPolicy.classifierVersion(decided)).as(key).isEqualTo(candidateVersion);
        assertThat(decided.getString("decision")).as("the worse model lets cooking through").isEqualTo("allow");
        assertThat(made.cohort()).isEqualTo(DecisionMade.CANARY);
        assertThat(made.rollout()).isEqualTo(id);
      } else {
        productionKeys.add(key);
        assertThat(TopicPolicy.classifierVersion(decided)).as(key).isEqualTo(productionVersion);
        assertThat(decided.getString("decision")).isEqualTo("block");
        assertThat(made.cohort()).isEqualTo(DecisionMade.PRODUCTION);
        assertThat(made.rollout()).isNull();
      }
    }
    assertThat(canaryKeys).as("about half the keys").hasSizeBetween(10, 30);
    JsonPath again = topics.check(service, COOKING, canaryKeys.get(0));
    assertThat(TopicPolicy.classifierVersion(again)).as("the same key, the same cohort").isEqualTo(candidateVersion);
    JsonPath audited = given().header("Authorization", admin).get("/api/v1/guardrail/audit/{t}",
        again.getString("trace_id")).then().statusCode(200).extract().jsonPath();
    assertThat(audited.getString("trace[0].model_version")).as("the canary's decision is audited with its model")
        .isEqualTo(candidateVersion);

    alerts.fire(new AlertFired(new Alert(9_001, "canary-score-drift", "drift", "critical",
        Map.of("policy", topics.policy, "cohort", "canary", "rollout", String.valueOf(id)), 0.8, 0.2,
        Instant.now(), null, "score PSI 0.8 against production's 0.2")));

    JsonPath rolledBack = rollout(id);
    assertThat(rolledBack.getString("state")).isEqualTo("rolled-back");
    assertThat(rolledBack.getString("endedBy")).isEqualTo("system");
    assertThat(rolledBack.getString("endReason")).contains("canary-score-drift").contains("9001");
    for (String key : canaryKeys) {
      JsonPath decided = topics.check(service, COOKING, key);
      assertThat(TopicPolicy.classifierVersion(decided)).as(key).isEqualTo(productionVersion);
      assertThat(decided.getString("decision")).isEqualTo("block");
      assertThat(seen.get(decided.getString("trace_id")).cohort()).isEqualTo(DecisionMade.PRODUCTION);
    }
    assertThat(eventsOf("rollout.rolled-back", id)).as("published through the outbox").isEqualTo(1);
    JsonPath audit = given().header("Authorization", admin).queryParam("target", "rollout:" + id)
        .get("/api/v1/admin/audit").then().statusCode(200).extract().jsonPath();
    assertThat(audit.getList("items.action")).containsExactly("rollout.rollback", "rollout.start");
    assertThat(audit.getString("items[0].actor")).isEqualTo("system");
    assertThat(audit.getInt("items[0].details.alert")).isEqualTo(9_001);

    alerts.fire(new AlertFired(new Alert(9_002, "canary-score-drift", "drift", "critical",
        Map.of("cohort", "canary", "rollout", String.valueOf(id)), 0.9, 0.2, Instant.now(), null, "again")));
    assertThat(eventsOf("rollout.rolled-back", id)).as("an ended rollout is not rolled back twice").isEqualTo(1);
  }

  @Test
  void anAlertOnProductionOrOnAnotherPolicyLeavesTheCanaryRunning() throws Exception {
    TopicPolicy topics = TopicPolicy.create(registry, admin);
    long id = start(Map.of("policy", topics.policy, "mode", "canary", "candidateModelId", topics.worse,
        "canaryPercent", 100));

    alerts.fire(new AlertFired(new Alert(9_101, "score-drift", "drift", "warning",
        Map.of("policy", topics.policy, "cohort", "production"), 0.5, 0.2, Instant.now(), null, "production drift")));
    alerts.fire(new AlertFired(new Alert(9_102, "score-drift", "drift", "warning",
        Map.of("policy", "another-policy", "cohort", "canary"), 0.5, 0.2, Instant.now(), null, "another canary")));

    assertThat(rollout(id).getString("state")).isEqualTo("running");
    assertThat(TopicPolicy.classifierVersion(topics.check(service, COOKING, null)))
        .as("100%: every caller").isEqualTo(registry.get(topics.worse).version());
    JsonPath pinned = given().header("Authorization", service).contentType(ContentType.JSON)
        .body(Map.of("prompt", COOKING, "response", "Sure.", "policy", topics.policy, "policy_version", 1))
        .post("/api/v1/guardrail/check").then().statusCode(200).extract().jsonPath();
    assertThat(TopicPolicy.classifierVersion(pinned)).as("a request naming a version is never routed")
        .isEqualTo(registry.get(topics.production).version());

    alerts.fire(new AlertFired(new Alert(9_103, "block-rate-anomaly", "anomaly", "critical",
        Map.of("policy", topics.policy, "cohort", "canary"), 0.0, 0.1, Instant.now(), null, "block rate fell")));
    assertThat(rollout(id).getString("state")).as("an alert naming the policy's canary without its id")
        .isEqualTo("rolled-back");
  }

  private long start(Map<String, Object> request) {
    return given().header("Authorization", admin).contentType(ContentType.JSON).body(request)
        .post("/api/v1/rollouts").then().statusCode(201).extract().jsonPath().getLong("id");
  }

  private JsonPath rollout(long id) {
    return given().header("Authorization", admin).get("/api/v1/rollouts/{id}", id).then().statusCode(200)
        .extract().jsonPath();
  }

  private long eventsOf(String type, long rollout) throws Exception {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query = connection.prepareStatement("SELECT count(*) FROM outbox_event"
            + " WHERE event_type = ? AND (payload -> 'data' ->> 'rollout')::bigint = ?")) {
      query.setString(1, type);
      query.setLong(2, rollout);
      try (ResultSet rows = query.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }
}
