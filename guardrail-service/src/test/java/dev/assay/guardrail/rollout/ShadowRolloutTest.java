package dev.assay.guardrail.rollout;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.platform.identity.Roles;
import dev.assay.testing.TestIdentities;
import dev.assay.trainer.registry.ModelRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * A shadow candidate decides beside production on live traffic without changing what is served: the same
 * model agrees on every request; a worse one is reported below full agreement, each disagreement with both
 * decisions, scores and models.
 */
@QuarkusTest
class ShadowRolloutTest {
  @Inject ModelRegistry registry;

  final String admin = TestIdentities.bearer(Roles.ADMIN);
  final String service = TestIdentities.bearer(Roles.SERVICE);

  @Test
  void theSameModelAgreesEverywhereAndAWorseOneIsReportedWithItsDisagreementsWhileProductionServes()
      throws Exception {
    TopicPolicy topics = TopicPolicy.create(registry, admin);
    String productionVersion = registry.get(topics.production).version();
    String candidateVersion = registry.get(topics.worse).version();
    Map<String, Boolean> questions = TopicPolicy.questions();
    Map<String, String> served = new LinkedHashMap<>();
    questions.keySet().forEach(q -> served.put(q, topics.check(service, q, null).getString("decision")));
    long blocked = served.values().stream().filter("block"::equals).count();
    assertThat(blocked).as("production blocks cooking questions").isPositive();

    long identical = start(topics.policy, topics.production);
    servesAsProduction(topics, served, productionVersion);
    JsonPath same = agreementOnce(identical, questions.size());

    assertThat(same.getDouble("agreementRate")).isEqualTo(1.0);
    assertThat(same.getLong("agreeing")).isEqualTo(questions.size());
    assertThat(disagreements(identical).getLong("total")).isZero();

    given().header("Authorization", admin).post("/api/v1/rollouts/{id}/stop", identical).then().statusCode(200)
        .body("state", org.hamcrest.Matchers.is("stopped"));
    long worse = start(topics.policy, topics.worse);
    servesAsProduction(topics, served, productionVersion);
    JsonPath differs = agreementOnce(worse, questions.size());

    assertThat(differs.getDouble("agreementRate")).isLessThan(1.0)
        .isCloseTo((double) (questions.size() - blocked) / questions.size(), Offset.offset(1e-6));
    List<Map<String, Object>> outcomes = differs.getList("outcomes");
    assertThat(outcomes).contains(Map.of("production", "block", "candidate", "allow", "requests", (int) blocked));
    JsonPath page = disagreements(worse);
    assertThat(page.getLong("total")).isEqualTo(blocked);
    List<Map<String, Object>> items = page.getList("items");
    assertThat(items).hasSize((int) blocked);
    for (int i = 0; i < items.size(); i++) {
      JsonPath item = page.setRootPath("items[" + i + "]");
      assertThat(item.getString("production.decision")).isEqualTo("block");
      assertThat(item.getString("candidate.decision")).isEqualTo("allow");
      assertThat(item.getList("production.models")).containsExactly(productionVersion);
      assertThat(item.getList("candidate.models")).containsExactly(candidateVersion);
      assertThat(item.getDouble("production.scores.cooking")).isGreaterThan(0.5);
      assertThat(item.getDouble("candidate.scores.cooking")).isLessThan(0.5);
      assertThat(item.getList("production.reasons")).isNotEmpty();
      given().header("Authorization", admin).get("/api/v1/guardrail/audit/{t}", item.getString("traceId"))
          .then().statusCode(200);
    }
  }

  /** Every question is decided, and served, as production alone decided it. */
  private void servesAsProduction(TopicPolicy topics, Map<String, String> served, String productionVersion) {
    served.forEach((question, decision) -> {
      JsonPath decided = topics.check(service, question, null);
      assertThat(decided.getString("decision")).as(question).isEqualTo(decision);
      assertThat(TopicPolicy.classifierVersion(decided)).isEqualTo(productionVersion);
    });
  }

  private long start(String policy, long model) {
    return given().header("Authorization", admin).contentType(ContentType.JSON)
        .body(Map.of("policy", policy, "mode", "shadow", "candidateModelId", model)).post("/api/v1/rollouts")
        .then().statusCode(201).extract().jsonPath().getLong("id");
  }

  /** The agreement once the shadow has recorded {@code requests} decisions (it runs off the request path). */
  private JsonPath agreementOnce(long rollout, int requests) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (true) {
      JsonPath agreement = given().header("Authorization", TestIdentities.bearer(Roles.RESEARCHER))
          .get("/api/v1/rollouts/{id}/shadow", rollout).then().statusCode(200).extract().jsonPath();
      if (agreement.getLong("compared") >= requests || Instant.now().isAfter(deadline)) {
        assertThat(agreement.getLong("compared")).isEqualTo(requests);
        assertThat(agreement.getLong("dropped")).isZero();
        return agreement;
      }
      Thread.sleep(100);
    }
  }

  private JsonPath disagreements(long rollout) {
    return given().header("Authorization", admin).queryParam("size", 100)
        .get("/api/v1/rollouts/{id}/shadow/disagreements", rollout).then().statusCode(200).extract().jsonPath();
  }
}
