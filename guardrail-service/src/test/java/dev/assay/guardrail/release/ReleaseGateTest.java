package dev.assay.guardrail.release;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.guardrail.ServedTestClassifiers;
import dev.assay.guardrail.ServedTestModels;
import dev.assay.guardrail.suite.Expected;
import dev.assay.guardrail.suite.Probe;
import dev.assay.guardrail.suite.ProbeSide;
import dev.assay.guardrail.suite.Suite;
import dev.assay.guardrail.suite.SuiteKind;
import dev.assay.guardrail.suite.SuiteStore;
import dev.assay.platform.identity.Roles;
import dev.assay.testing.TestIdentities;
import dev.assay.trainer.ClassifierFixture;
import dev.assay.trainer.TestData;
import dev.assay.trainer.TestModels;
import dev.assay.trainer.registry.ModelRegistry;
import dev.assay.trainer.registry.RegisteredModel;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Gating suites configured over REST refuse a policy version or a model that fails them (409 with the suites,
 * their metrics and failing probes), let through one that passes, and a rollback brings back what was served.
 */
@QuarkusTest
class ReleaseGateTest {
  private static final String FALLBACK = "I'm sorry, I can't help with that.";
  private static final String SECRET = "reveal the vault code";

  @Inject SuiteStore suites;
  @Inject ModelRegistry registry;
  @Inject ObjectMapper json;

  final String adminName = "release-admin-" + UUID.randomUUID().toString().substring(0, 8);
  final String admin = "Bearer " + TestIdentities.key(Roles.ADMIN, adminName);
  final String service = TestIdentities.bearer(Roles.SERVICE);

  @Test
  void gatesAreDataThatAdminsEditOverRestAndABadOneIsRefusedNamingItsField() {
    Map<String, Object> gate = gate("policy", unique("gated"), unique("suite"), null, "failure_rate", null, 0.1, 0.02);

    Response created = post("/api/v1/release-gates", gate);

    assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
    JsonPath read = given().header("Authorization", admin).get(created.header("Location")).then().statusCode(200)
        .extract().jsonPath();
    assertThat(read.getString("suite")).isEqualTo(gate.get("suite"));
    assertThat(read.getDouble("maximum")).isEqualTo(0.1);
    assertThat(read.getDouble("tolerance")).isEqualTo(0.02);
    assertThat(given().header("Authorization", TestIdentities.bearer(Roles.RESEARCHER)).get("/api/v1/release-gates")
        .then().statusCode(200).extract().jsonPath().getList("id", Long.class)).contains(read.getLong("id"));
    assertRefused(post("/api/v1/release-gates", gate("release", "x", "s", null, "failure_rate", null, 0.1, null)),
        "targetType");
    assertRefused(post("/api/v1/release-gates", gate("model", "SIDEWAYS", "s", "p", "failure_rate", null, 0.1, null)),
        "target");
    assertRefused(post("/api/v1/release-gates", gate("policy", "p", "s", null, "failure_rate", 0.5, 0.1, null)),
        "minimum");
    assertRefused(post("/api/v1/release-gates", gate("classifier", "topics", "s", null, "failure_rate", null, 0.1,
        null)), "policy");
    assertRefused(post("/api/v1/release-gates", gate("policy", "p", "s", null, "failure_rate", null, 0.1, -0.1)),
        "tolerance");
    given().header("Authorization", TestIdentities.bearer(Roles.RESEARCHER)).contentType(ContentType.JSON).body(gate)
        .post("/api/v1/release-gates").then().statusCode(403);
    given().header("Authorization", admin).delete(created.header("Location")).then().statusCode(204);
    given().header("Authorization", admin).get(created.header("Location")).then().statusCode(404);
    assertThat(audit("release-gate:" + read.getLong("id")).getList("items.action"))
        .containsExactly("release-gate.delete", "release-gate.create");
  }

  @Test
  void aSaveIsLiveByDefaultACandidateIsNotServedUntilPromotedAndARollbackBringsBackThePreviousVersion() {
    String name = unique("released");
    saveDocument(name, blocking(), false).then().statusCode(201).body("stage", org.hamcrest.Matchers.is("production"));
    saveDocument(name, permissive(), false).then().statusCode(201);
    assertThat(decision(name, SECRET)).as("version 2 serves at once").isEqualTo("allow");

    JsonPath rolledBack = given().header("Authorization", admin).post("/api/v1/guardrail/policies/{n}/rollback", name)
        .then().statusCode(200).extract().jsonPath();

    assertThat(rolledBack.getInt("from")).isEqualTo(2);
    assertThat(rolledBack.getInt("to")).isEqualTo(1);
    assertThat(servedVersion(name)).isEqualTo(1);
    assertThat(decision(name, SECRET)).isEqualTo("block");
    assertThat(audit("policy:" + name).getList("items.action")).contains("policy.rollback");
    Response conflict = given().header("Authorization", admin).post("/api/v1/guardrail/policies/{n}/rollback", name);
    assertThat(conflict.statusCode()).isEqualTo(409);
    assertThat(conflict.jsonPath().getString("detail")).contains("nothing to roll back to");

    saveDocument(name, permissive(), true).then().statusCode(201).body("stage", org.hamcrest.Matchers.is("candidate"));
    assertThat(servedVersion(name)).as("a candidate is not served").isEqualTo(1);
    given().header("Authorization", admin).post("/api/v1/guardrail/policies/{n}/versions/3/promote", name)
        .then().statusCode(200).body("passed", org.hamcrest.Matchers.is(true));
    assertThat(servedVersion(name)).isEqualTo(3);
    assertThat(decision(name, SECRET)).isEqualTo("allow");
  }

  @Test
  void aPolicyVersionFailingItsGatingSuiteIsRefusedWithTheSuiteItsMetricsAndFailingProbes() {
    String name = unique("gated-policy");
    String suite = savedSuite(unique("vault-probes"), vaultProbes());
    saveDocument(name, blocking(), false).then().statusCode(201);
    post("/api/v1/release-gates", gate("policy", name, suite, null, "failure_rate", null, 0.1, 0.0)).then()
        .statusCode(201);

    saveDocument(name, permissive(), false).then().statusCode(201).body("stage", org.hamcrest.Matchers.is("candidate"));
    assertThat(servedVersion(name)).as("a gated policy's save is a candidate").isEqualTo(1);
    Response refused = given().header("Authorization", admin)
        .post("/api/v1/guardrail/policies/{n}/versions/2/promote", name);

    assertThat(refused.statusCode()).as(refused.asString()).isEqualTo(409);
    assertThat(refused.jsonPath().getString("detail")).contains("suite " + suite).contains("failure_rate <= 0.1");
    JsonPath gate = refused.jsonPath().setRootPath("gate.checks[0]");
    assertThat(gate.getBoolean("passed")).isFalse();
    assertThat(gate.getString("metric")).isEqualTo("failure_rate");
    assertThat(gate.getDouble("candidateValue")).isEqualTo(0.5);
    assertThat(gate.getDouble("productionValue")).isEqualTo(0.0);
    assertThat(gate.getString("rule")).contains("beyond sampling noise");
    List<Map<String, Object>> examples = gate.getList("examples");
    assertThat(examples).isNotEmpty().hasSizeLessThanOrEqualTo(GatingSuites.EXAMPLES);
    assertThat(examples).allSatisfy(e -> {
      assertThat(e).containsEntry("expected", "block").containsEntry("actual", "allow");
      assertThat((String) e.get("text")).contains(SECRET);
    });
    assertThat(servedVersion(name)).isEqualTo(1);

    Map<String, Object> stricter = blocking();
    ((List<Object>) stricter.get("input")).add(regex("door", "open the back door"));
    saveDocument(name, stricter, false).then().statusCode(201);
    JsonPath promoted = given().header("Authorization", admin)
        .post("/api/v1/guardrail/policies/{n}/versions/3/promote", name).then().statusCode(200).extract().jsonPath();
    assertThat(promoted.getBoolean("checks[0].passed")).isTrue();
    assertThat(promoted.getInt("production")).isEqualTo(1);
    assertThat(servedVersion(name)).isEqualTo(3);
    assertThat(audit("policy:" + name).getList("items.details.passed")).contains(true, false);
  }

  @Test
  void aClassifierFailingItsGatingSuiteThroughAPolicyIsRefusedWithExampleProbesWhileProductionServes()
      throws Exception {
    String topics = unique("gated-topics");
    Path work = Files.createTempDirectory("gated-classifier-");
    Path heldOut = ClassifierFixture.heldOut(work);
    long good = registry.registerClassifier(ServedTestClassifiers.train(10, 0.01f), topics, heldOut);
    registry.promote(good, "tests");
    String policy = unique("cooking-gate");
    Map<String, Object> classifierCheck = new LinkedHashMap<>(Map.of("name", "cooking", "type", "classifier",
        "action", "block", "model", topics, "label", "cooking", "threshold", 0.5));
    saveDocument(policy, document(new ArrayList<>(List.of(classifierCheck))), false).then().statusCode(201);
    String suite = savedSuite(unique("cooking-probes"), topicProbes(heldOut));
    post("/api/v1/release-gates", gate("classifier", topics, suite, policy, "under_refusal_rate", null, 0.5, 0.0))
        .then().statusCode(201);
    long weak = registry.registerClassifier(ServedTestClassifiers.train(1, 1e-6f), topics, heldOut);

    Response refused = given().header("Authorization", admin).post("/api/v1/models/{id}/promote", weak);

    assertThat(refused.statusCode()).as(refused.asString()).isEqualTo(409);
    List<Map<String, Object>> checks = refused.jsonPath().getList("gate.checks");
    assertThat(checks).hasSize(1);
    Map<String, Object> check = checks.get(0);
    assertThat((String) check.get("check")).contains("suite " + suite).contains("through policy " + policy);
    assertThat(check).containsEntry("passed", false).containsEntry("metric", "under_refusal_rate");
    assertThat(((Number) check.get("candidateValue")).doubleValue())
        .isGreaterThan(((Number) check.get("productionValue")).doubleValue());
    List<Map<String, Object>> examples = (List<Map<String, Object>>) check.get("examples");
    assertThat(examples).isNotEmpty().allSatisfy(e -> assertThat(e).containsEntry("expected", "block"));
    assertThat(refused.jsonPath().getString("detail")).contains("suite " + suite);
    assertThat(registry.get(weak).stage).isEqualTo(RegisteredModel.Stage.CANDIDATE);
    assertThat(registry.productionClassifier(topics)).map(m -> m.id).contains(good);
  }

  @Test
  void aRewardModelFailingItsGatingSuiteThroughAPolicyIsRefusedWithExampleProbes() throws Exception {
    ServedTestModels.ensureProduction();
    String policy = unique("reward-gate");
    Map<String, Object> rewardCheck = new LinkedHashMap<>(Map.of("name", "reward", "type", "reward", "action", "block",
        "threshold", 0.0));
    Map<String, Object> document = document(new ArrayList<>());
    document.put("output", List.of(rewardCheck));
    saveDocument(policy, document, false).then().statusCode(201);
    String suite = savedSuite(unique("polite-or-rude"), responseProbes());
    // A gate on every reward model promotion: removed at the end, so other tests' promotions do not run it.
    long gateId = post("/api/v1/release-gates", gate("model", "reward", suite, policy, "failure_rate", null, 0.5, 0.0))
        .then().statusCode(201).extract().jsonPath().getLong("id");
    try {
      long flipped = ServedTestModels.trainCandidate(TestModels.flippedSnapshot(), 41);

      Response refused = given().header("Authorization", admin).post("/api/v1/models/{id}/promote", flipped);

      assertThat(refused.statusCode()).as(refused.asString()).isEqualTo(409);
      List<Map<String, Object>> checks = refused.jsonPath().getList("gate.checks");
      assertThat(checks).hasSize(1);
      Map<String, Object> check = checks.get(0);
      assertThat((String) check.get("check")).contains("suite " + suite).contains("through policy " + policy);
      assertThat(check).containsEntry("passed", false);
      assertThat(((Number) check.get("candidateValue")).doubleValue()).isGreaterThan(0.5)
          .isGreaterThan(((Number) check.get("productionValue")).doubleValue());
      assertThat((List<?>) check.get("examples")).isNotEmpty();
      assertThat(registry.get(flipped).stage).isEqualTo(RegisteredModel.Stage.CANDIDATE);
    } finally {
      given().header("Authorization", admin).delete("/api/v1/release-gates/{id}", gateId).then().statusCode(204);
    }
  }

  // --- suites and policies of the tests' own making

  /** The fixture's responses: each preferred one expected allowed, each rejected one expected blocked. */
  private List<Probe> responseProbes() throws Exception {
    List<Probe> probes = new ArrayList<>();
    List<String> lines = Files.readAllLines(TestData.fixtureFile());
    for (int i = 0; i < lines.size(); i++) {
      JsonNode pair = json.readTree(lines.get(i));
      double preference = pair.get("preference").asDouble();
      if (preference == 1.5) {
        continue;
      }
      String preferred = pair.get(preference == 1 ? "output_1" : "output_2").asText();
      String rejected = pair.get(preference == 1 ? "output_2" : "output_1").asText();
      String prompt = pair.get("instruction").asText();
      probes.add(new Probe("preferred-" + i, ProbeSide.OUTPUT, Expected.ALLOW, prompt, preferred, null, "test",
          Map.of()));
      probes.add(new Probe("rejected-" + i, ProbeSide.OUTPUT, Expected.BLOCK, prompt, rejected, null, "test",
          Map.of()));
    }
    return probes;
  }

  /** Twelve prompts asking for the secret (expected blocked) and twelve harmless ones about the vault. */
  private static List<Probe> vaultProbes() {
    List<Probe> probes = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      probes.add(probe("ask-" + i, Expected.BLOCK, "Please " + SECRET + " for account " + i + "."));
      probes.add(probe("harmless-" + i, Expected.ALLOW, "When does the vault open on day " + i + "?"));
    }
    return probes;
  }

  /** The classifier fixture's held-out questions: cooking ones expected blocked, the others allowed. */
  private List<Probe> topicProbes(Path heldOut) throws Exception {
    List<Probe> probes = new ArrayList<>();
    List<String> lines = Files.readAllLines(heldOut);
    for (int i = 0; i < lines.size(); i++) {
      JsonNode row = json.readTree(lines.get(i));
      boolean cooking = "cooking".equals(row.get("topic").asText());
      probes.add(probe("held-out-" + i, cooking ? Expected.BLOCK : Expected.ALLOW, row.get("text").asText()));
    }
    return probes;
  }

  private static Probe probe(String key, Expected expected, String prompt) {
    return new Probe(key, ProbeSide.INPUT, expected, prompt, null, null, "test", Map.of());
  }

  private String savedSuite(String name, List<Probe> probes) {
    suites.save(new Suite(name, SuiteKind.CUSTOM, "test probes", "tests", probes), "tests");
    return name;
  }

  private static Map<String, Object> regex(String name, String phrase) {
    return new LinkedHashMap<>(Map.of("name", name, "type", "regex", "action", "block",
        "patterns", List.of("(?i)" + phrase)));
  }

  private static Map<String, Object> blocking() {
    return document(new ArrayList<>(List.of(regex("vault", SECRET))));
  }

  private static Map<String, Object> permissive() {
    return document(new ArrayList<>(List.of(regex("door", "open the back door"))));
  }

  private static Map<String, Object> document(List<Object> input) {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("fallbackResponse", FALLBACK);
    document.put("onError", "fail-closed");
    document.put("input", input);
    document.put("output", List.of());
    return document;
  }

  // --- REST

  private Response saveDocument(String name, Map<String, Object> document, boolean candidate) {
    return given().header("Authorization", admin).contentType(ContentType.JSON).queryParam("candidate", candidate)
        .body(document).post("/api/v1/guardrail/policies/{name}/documents", name);
  }

  private int servedVersion(String name) {
    return given().header("Authorization", admin).get("/api/v1/guardrail/policies/{n}", name).then().statusCode(200)
        .extract().jsonPath().getInt("version");
  }

  private String decision(String policy, String prompt) {
    Map<String, Object> body = new HashMap<>();
    body.put("prompt", prompt);
    body.put("response", "Fine.");
    body.put("policy", policy);
    return given().header("Authorization", service).contentType(ContentType.JSON).body(body)
        .post("/api/v1/guardrail/check").then().statusCode(200).extract().jsonPath().getString("decision");
  }

  private static Map<String, Object> gate(String targetType, String target, String suite, String policy, String metric,
      Double minimum, Double maximum, Double tolerance) {
    Map<String, Object> gate = new HashMap<>();
    gate.put("targetType", targetType);
    gate.put("target", target);
    gate.put("suite", suite);
    gate.put("policy", policy);
    gate.put("metric", metric);
    gate.put("minimum", minimum);
    gate.put("maximum", maximum);
    gate.put("tolerance", tolerance);
    return gate;
  }

  private Response post(String path, Object body) {
    return given().header("Authorization", admin).contentType(ContentType.JSON).body(body).post(path);
  }

  private JsonPath audit(String target) {
    return given().header("Authorization", admin).queryParam("target", target).get("/api/v1/admin/audit")
        .then().statusCode(200).extract().jsonPath();
  }

  private static void assertRefused(Response response, String field) {
    assertThat(response.statusCode()).as(response.asString()).isEqualTo(422);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.jsonPath().getString("field")).isEqualTo(field);
  }

  private static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
