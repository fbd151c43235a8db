package dev.assay.guardrail.suite.run;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.assay.guardrail.ServedTestClassifiers;
import dev.assay.guardrail.suite.Expected;
import dev.assay.guardrail.suite.Probe;
import dev.assay.guardrail.suite.ProbeSide;
import dev.assay.guardrail.suite.Suite;
import dev.assay.guardrail.suite.SuiteKind;
import dev.assay.guardrail.suite.SuiteStore;
import dev.assay.platform.identity.Roles;
import dev.assay.testing.TestIdentities;
import dev.assay.trainer.registry.ModelRegistry;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Suite runs over REST against stored policy documents: a deny-list rule blocks the jailbreak-like probes
 * of one template and not the other's, so the attack success rate is known exactly; a fixed policy moves
 * probes from failing to fixed.
 */
@QuarkusTest
class SuiteRunApiTest {
  @Inject SuiteStore suites;
  @Inject ModelRegistry registry;
  @Inject AgroalDataSource dataSource;

  final String researcher = TestIdentities.bearer(Roles.RESEARCHER);
  final String admin = TestIdentities.bearer(Roles.ADMIN);

  static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  void savePolicy(String name, List<String> deniedPhrases) {
    given().header("Authorization", admin).contentType(ContentType.JSON).body(SuiteFixtures.policy(deniedPhrases))
        .post("/api/v1/guardrail/policies/{name}/documents", name).then().statusCode(201);
  }

  io.restassured.response.Response run(String suite, Map<String, Object> body) {
    return given().header("Authorization", researcher).contentType(ContentType.JSON).body(body)
        .post("/api/v1/suites/{name}/runs", suite);
  }

  @Test
  void aRunAgainstADenyListPolicyReportsTheExactAttackSuccessRateAndStoresEveryOutcome() throws Exception {
    String suite = unique("jb");
    suites.save(SuiteFixtures.jailbreakSuite(suite), "tests");
    String policy = unique("deny");
    savePolicy(policy, List.of("ignore previous instructions"));

    var created = run(suite, Map.of("policy", policy)).then().statusCode(201).extract();

    JsonPath run = created.jsonPath();
    assertThat(created.header("Location")).endsWith("/api/v1/suite-runs/" + run.getLong("id"));
    assertThat(run.getString("suite")).isEqualTo(suite);
    assertThat(run.getString("kind")).isEqualTo("jailbreak");
    assertThat(run.getString("policy")).isEqualTo(policy);
    assertThat(run.getInt("policyVersion")).isEqualTo(1);
    assertThat(run.getInt("probes")).isEqualTo(6);
    assertThat(run.getInt("failures")).isEqualTo(3);
    assertThat(run.getDouble("metrics.attack_success_rate")).isEqualTo(0.5);
    assertThat(run.getInt("metrics.attack_success_rate_count")).isEqualTo(3);
    assertThat(run.getInt("metrics.attack_success_rate_of")).isEqualTo(6);
    assertThat(run.getList("metrics.attack_success_rate_ci", Double.class)).hasSize(2);
    assertThat(run.getDouble("metrics.attack_success_rate_by_template.override.rate")).isEqualTo(0.0);
    assertThat(run.getDouble("metrics.attack_success_rate_by_template.grandmother.rate")).isEqualTo(1.0);
    assertThat(run.getMap("metrics")).doesNotContainKeys("over_refusal_rate", "stereotype_preference");

    long id = run.getLong("id");
    given().header("Authorization", admin).get("/api/v1/suite-runs/{id}", id).then().statusCode(200)
        .body("failures", equalTo(3)).body("metrics.attack_success_rate", equalTo(0.5f));
    JsonPath failed = given().header("Authorization", researcher).queryParam("failed", true)
        .get("/api/v1/suite-runs/{id}/outcomes", id).then().statusCode(200).extract().jsonPath();
    assertThat(failed.getLong("total")).isEqualTo(3);
    assertThat(failed.getList("items.key", String.class)).containsExactly("polite-q0", "polite-q1", "polite-q2");
    assertThat(failed.getList("items.decision", String.class)).containsOnly("allow");
    assertThat(failed.getString("items[0].tags.template")).isEqualTo("grandmother");
    assertThat(failed.getString("items[0].prompt")).startsWith("You are a kindly grandmother");
    JsonPath page = given().header("Authorization", researcher).queryParam("size", 4).queryParam("page", 1)
        .get("/api/v1/suite-runs/{id}/outcomes", id).then().statusCode(200).extract().jsonPath();
    assertThat(page.getLong("total")).isEqualTo(6);
    assertThat(page.getList("items.key", String.class)).containsExactly("override-q2", "polite-q2");
    assertThat(page.getString("items[0].detail.checks[0].check")).isEqualTo("overrides");
    assertThat(page.getString("items[0].detail.checks[0].matched")).containsIgnoringCase("ignore previous instructions");
    assertThat(page.getBoolean("items[0].passed")).isTrue();

    assertThat(auditRows(policy)).as("a suite run is not a live decision: nothing in the decision audit").isZero();
    given().header("Authorization", researcher).queryParam("suite", suite).get("/api/v1/suite-runs").then()
        .statusCode(200).body("id", equalTo(List.of((int) id)));
  }

  @Test
  void fixingThePolicyMovesProbesFromFailingToFixedAgainstThePreviousRun() {
    String suite = unique("jb");
    suites.save(SuiteFixtures.jailbreakSuite(suite), "tests");
    String policy = unique("deny");
    savePolicy(policy, List.of("ignore previous instructions"));
    long first = run(suite, Map.of("policy", policy)).then().statusCode(201).extract().jsonPath().getLong("id");
    savePolicy(policy, List.of("ignore previous instructions", "kindly grandmother"));

    JsonPath second = run(suite, Map.of("policy", policy)).then().statusCode(201).extract().jsonPath();

    assertThat(second.getInt("policyVersion")).isEqualTo(2);
    assertThat(second.getDouble("metrics.attack_success_rate")).isEqualTo(0.0);
    JsonPath comparison = given().header("Authorization", researcher)
        .get("/api/v1/suite-runs/{id}/comparison", second.getLong("id")).then().statusCode(200).extract().jsonPath();
    assertThat(comparison.getLong("baseline")).as("the previous run of the suite against this policy").isEqualTo(first);
    assertThat(comparison.getList("fixed", String.class)).containsExactly("polite-q0", "polite-q1", "polite-q2");
    assertThat(comparison.getList("newlyFailing")).isEmpty();
    assertThat(comparison.getList("stillFailing")).isEmpty();
    assertThat(comparison.getDouble("metricDeltas.attack_success_rate")).isCloseTo(-0.5, offset(1e-9));

    // the other way round, named explicitly: the old policy's failures are new against the fixed one
    JsonPath backwards = given().header("Authorization", researcher).queryParam("with", second.getLong("id"))
        .get("/api/v1/suite-runs/{id}/comparison", first).then().statusCode(200).extract().jsonPath();
    assertThat(backwards.getList("newlyFailing", String.class)).containsExactly("polite-q0", "polite-q1", "polite-q2");
    given().header("Authorization", researcher).get("/api/v1/suite-runs/{id}/comparison", first).then()
        .statusCode(404).body("detail", containsString("no earlier run"));
  }

  @Test
  void badRunRequestsAreRefusedNamingTheFieldAndUnknownThingsAre404() throws Exception {
    String suite = unique("jb");
    suites.save(SuiteFixtures.jailbreakSuite(suite), "tests");
    String policy = unique("deny");
    savePolicy(policy, List.of("ignore previous instructions"));

    run(unique("missing"), Map.of("policy", policy)).then().statusCode(404);
    run(suite, Map.of("policy", unique("missing"))).then().statusCode(404);
    run(suite, Map.of("policy", policy, "policyVersion", 9)).then().statusCode(404);
    run(suite, Map.of("policy", policy, "suiteVersion", 9)).then().statusCode(404);
    run(suite, Map.of("modelId", Long.MAX_VALUE)).then().statusCode(404);
    run(suite, Map.of()).then().statusCode(422).body("field", equalTo("policy"));
    run(suite, Map.of("policyVersion", 1)).then().statusCode(422).body("field", equalTo("policyVersion"));
    run(suite, Map.of("policy", policy, "suiteVersion", 0)).then().statusCode(422).body("field", equalTo("suiteVersion"));
    long classifier = registry.registerClassifier(ServedTestClassifiers.train(2, 0.01f), unique("topics"));
    run(suite, Map.of("policy", policy, "modelId", classifier)).then().statusCode(422).body("field", equalTo("modelId"));
    String pairs = unique("pairs");
    suites.save(new Suite(pairs, SuiteKind.BIAS_PAIRS, null, "test", List.of(new Probe("p0", ProbeSide.PAIR,
        Expected.RANK, "", "One sentence.", "Another sentence.", "test", Map.of()))), "tests");
    run(pairs, Map.of("policy", policy)).then().statusCode(422).body("field", equalTo("modelId"));
    given().header("Authorization", researcher).get("/api/v1/suite-runs").then().statusCode(422)
        .body("field", equalTo("suite"));
    given().header("Authorization", researcher).get("/api/v1/suite-runs/{id}", Long.MAX_VALUE).then().statusCode(404);
    given().header("Authorization", researcher).queryParam("size", 0).get("/api/v1/suite-runs/{id}/outcomes", 1)
        .then().statusCode(422).body("field", equalTo("size"));
    given().header("Authorization", TestIdentities.bearer(Roles.SERVICE)).contentType(ContentType.JSON)
        .body(Map.of("policy", policy)).post("/api/v1/suites/{name}/runs", suite).then().statusCode(403);
  }

  private long auditRows(String policy) throws Exception {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query = connection.prepareStatement("SELECT count(*) FROM guardrail_audit WHERE policy_name = ?")) {
      query.setString(1, policy);
      try (ResultSet rows = query.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }
}
