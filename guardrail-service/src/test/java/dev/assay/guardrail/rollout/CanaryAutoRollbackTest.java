package dev.assay.guardrail.rollout;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.guardrail.decision.Decision;
import dev.assay.guardrail.decision.GuardrailService;
import dev.assay.guardrail.monitoring.MonitoringClock;
import dev.assay.guardrail.monitoring.alert.Alert;
import dev.assay.guardrail.monitoring.alert.AlertService;
import dev.assay.guardrail.monitoring.evaluation.WindowEvaluator;
import dev.assay.guardrail.monitoring.window.MonitoringWindows;
import dev.assay.platform.identity.Roles;
import dev.assay.store.record.Message;
import dev.assay.testing.TestClock;
import dev.assay.testing.TestIdentities;
import dev.assay.trainer.registry.ModelRegistry;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * The whole loop on real services: a canary serving a deliberately worse classifier to half the request keys
 * is watched window by window (on the test clock) like production; its score distribution differs from
 * production's in the same windows, the monitoring raises an alert on the canary cohort, and that alert
 * rolls the canary back without anyone acting.
 */
@QuarkusTest
class CanaryAutoRollbackTest {
  private static final Logger LOG = Logger.getLogger(CanaryAutoRollbackTest.class);
  private static final int CHECKS_PER_WINDOW = 120;
  private static final int MOST_WINDOWS = 4;

  @Inject ModelRegistry registry;
  @Inject GuardrailService guardrail;
  @Inject WindowEvaluator evaluator;
  @Inject MonitoringWindows windows;
  @Inject AlertService alerts;
  @Inject TestClock clock;
  @Inject AgroalDataSource dataSource;

  final String admin = TestIdentities.bearer(Roles.ADMIN);

  @Test
  void aCanaryWithAWorseModelIsRolledBackByTheAlertOnItsCohort() throws Exception {
    TopicPolicy topics = TopicPolicy.create(registry, admin);
    String productionVersion = registry.get(topics.production).version();
    List<String> questions = new ArrayList<>(TopicPolicy.questions().keySet());
    long id = given().header("Authorization", admin).contentType(ContentType.JSON)
        .body(Map.of("policy", topics.policy, "mode", "canary", "candidateModelId", topics.worse, "canaryPercent", 50,
            "routing", "request-key"))
        .post("/api/v1/rollouts").then().statusCode(201).extract().jsonPath().getLong("id");
    MonitoringClock.startFreshWindow(clock, windows, dataSource);

    int window = 0;
    String state = "running";
    while ("running".equals(state) && window < MOST_WINDOWS) {
      for (int i = 0; i < CHECKS_PER_WINDOW; i++) {
        check(topics, questions.get(i % questions.size()), "end-user-" + i);
      }
      clock.advance(windows.length());
      evaluator.tick();
      window++;
      state = rollout(id).getString("state");
    }

    JsonPath rolledBack = rollout(id);
    assertThat(rolledBack.getString("state")).as("rolled back within %d windows", MOST_WINDOWS)
        .isEqualTo("rolled-back");
    assertThat(rolledBack.getString("endedBy")).isEqualTo("system");
    List<Alert> canaryAlerts = alerts.list(new AlertService.Filter(null, null, null, null, topics.policy, null, null,
        100)).stream().filter(a -> "canary".equals(a.labels().get("cohort"))).toList();
    assertThat(canaryAlerts).isNotEmpty();
    String reason = rolledBack.getString("endReason");
    assertThat(canaryAlerts).as("the alert that rolled it back").anySatisfy(a -> assertThat(reason)
        .contains("alert " + a.rule() + " (" + a.id() + ",").contains(a.summary()));
    LOG.infof("Canary rollout %d rolled back after %d windows: %s", id, window, reason);
    for (int i = 0; i < 20; i++) {
      Decision decided = check(topics, questions.get(i % questions.size()), "end-user-" + i);
      assertThat(decided.trace().getFirst().modelVersion()).as("every key back on production")
          .isEqualTo(productionVersion);
    }
  }

  private Decision check(TopicPolicy topics, String question, String requestKey) {
    return guardrail.check(List.of(Message.user(question)), "Sure, here is how.", topics.policy, null, "tests",
        requestKey, false);
  }

  private JsonPath rollout(long id) {
    return given().header("Authorization", admin).get("/api/v1/rollouts/{id}", id).then().statusCode(200)
        .extract().jsonPath();
  }
}
