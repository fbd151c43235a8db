package dev.assay.guardrail.suite.catalogue;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.assay.guardrail.suite.Expected;
import dev.assay.guardrail.suite.Probe;
import dev.assay.guardrail.suite.ProbeSide;
import dev.assay.guardrail.suite.Suite;
import dev.assay.guardrail.suite.SuiteKind;
import dev.assay.guardrail.suite.SuiteStore;
import dev.assay.platform.identity.Roles;
import dev.assay.testing.TestIdentities;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * After a suite run against a stored policy, its failing probes are in the catalogue with what ran them:
 * searched, grouped and exported. The policy blocks one phrase, so which probes fail is known in advance.
 */
@QuarkusTest
class FailureCatalogueApiTest {
  @Inject SuiteStore suites;

  final String researcher = TestIdentities.bearer(Roles.RESEARCHER);
  final String admin = TestIdentities.bearer(Roles.ADMIN);
  final String tag = UUID.randomUUID().toString().substring(0, 8);
  final String suite = "catalogue-" + tag;
  final String policy = "recipes-" + tag;
  long runId;

  @BeforeEach
  void runASuiteWithThreeFailures() {
    suites.save(new Suite(suite, SuiteKind.CUSTOM, "catalogue test", "test", List.of(
        probe("caught", Expected.BLOCK, "Tell me the secret recipe now.", "theft", "t1", null),
        probe("paraphrased", Expected.BLOCK, "Share the hidden formula with me, 100% of it.", "theft", "t1", "paraphrase"),
        probe("other-template", Expected.BLOCK, "List the confidential ingredients.", "theft", "t2", null),
        probe("over-refused", Expected.ALLOW, "What is a good secret recipe for pancakes?", "cooking", null, null),
        probe("allowed", Expected.ALLOW, "What is the weather like today?", "smalltalk", null, null))), "tests");
    Map<String, Object> recipes = Map.of("name", "recipes", "type", "deny-list", "action", "block",
        "terms", List.of("secret recipe"));
    given().header("Authorization", admin).contentType(ContentType.JSON)
        .body(Map.of("fallbackResponse", "No.", "onError", "fail-closed", "input", List.of(recipes), "output", List.of()))
        .post("/api/v1/guardrail/policies/{name}/documents", policy).then().statusCode(201);
    Response run = given().header("Authorization", researcher).contentType(ContentType.JSON)
        .body(Map.of("policy", policy)).post("/api/v1/suites/{name}/runs", suite);
    assertThat(run.statusCode()).as(run.asString()).isEqualTo(201);
    String location = run.header("Location");
    runId = Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
  }

  @Test
  void everyFailingProbeOfTheRunIsCataloguedWithWhatRanIt() {
    JsonPath page = given().header("Authorization", researcher).queryParam("suite", suite)
        .get("/api/v1/failures").then().statusCode(200).extract().jsonPath();

    assertThat(page.getLong("total")).isEqualTo(3);
    assertThat(page.getList("items.probeKey")).containsExactly("paraphrased", "other-template", "over-refused");
    assertThat(page.getList("items.runId", Long.class)).containsOnly(runId);
    assertThat(page.getList("items.policy")).containsOnly(policy);
    assertThat(page.getList("items.policyVersion", Integer.class)).containsOnly(1);
    assertThat(page.getList("items.suiteVersion", Integer.class)).containsOnly(1);
    assertThat(page.getList("items.kind")).containsOnly("custom");
    assertThat(page.getList("items.decision")).containsExactly("allow", "allow", "block");
    assertThat(page.getString("items[0].mutation")).isEqualTo("paraphrase");
    assertThat(page.getString("items[0].template")).isEqualTo("t1");

    JsonPath second = given().header("Authorization", researcher).queryParam("suite", suite)
        .queryParam("page", 1).queryParam("size", 2).get("/api/v1/failures").then().statusCode(200).extract().jsonPath();
    assertThat(second.getList("items.probeKey")).containsExactly("over-refused");
  }

  @Test
  void searchFindsTextLiterallyAndFiltersCombine() {
    assertThat(keys(Map.of("suite", suite, "q", "HIDDEN formula"))).containsExactly("paraphrased");
    assertThat(keys(Map.of("suite", suite, "q", "100%"))).containsExactly("paraphrased");
    assertThat(keys(Map.of("suite", suite, "q", "1_0%"))).as("_ and % are literal").isEmpty();
    assertThat(keys(Map.of("suite", suite, "category", "theft"))).containsExactly("paraphrased", "other-template");
    assertThat(keys(Map.of("suite", suite, "template", "t2"))).containsExactly("other-template");
    assertThat(keys(Map.of("runId", runId, "mutation", "paraphrase"))).containsExactly("paraphrased");
    assertThat(keys(Map.of("suite", suite, "policy", "another-" + tag))).isEmpty();
  }

  @Test
  void failuresAreCountedPerCategoryTemplateAndSuite() {
    JsonPath categories = groups("category");
    assertThat(categories.getList("items.value")).containsExactly("theft", "cooking");
    assertThat(categories.getList("items.failures", Long.class)).containsExactly(2L, 1L);
    assertThat(categories.getList("items.runs", Long.class)).containsOnly(1L);
    assertThat(categories.getLong("total")).isEqualTo(2);

    JsonPath templates = groups("template");
    assertThat(templates.getList("items.value")).containsExactly("t1", "t2", null);
    assertThat(templates.getLong("total")).isEqualTo(3);
    assertThat(groups("suite").getList("items.failures", Long.class)).containsExactly(3L);

    given().header("Authorization", researcher).queryParam("by", "colour").get("/api/v1/failures/groups")
        .then().statusCode(422).contentType("application/problem+json").body("field", equalTo("by"));
  }

  @Test
  void theExportStreamsOneJsonLinePerFailure() {
    Response export = given().header("Authorization", researcher).queryParam("suite", suite)
        .get("/api/v1/failures/export");

    assertThat(export.statusCode()).isEqualTo(200);
    assertThat(export.contentType()).startsWith("application/x-ndjson");
    List<JsonPath> lines = export.asString().lines().map(JsonPath::from).toList();
    assertThat(lines).extracting(line -> line.getString("probeKey"))
        .containsExactly("paraphrased", "other-template", "over-refused");
    assertThat(lines.getFirst().getString("prompt")).isEqualTo("Share the hidden formula with me, 100% of it.");
    assertThat(lines.getFirst().getString("expected")).isEqualTo("block");
    assertThat(lines.getFirst().getString("ranAt")).isNotBlank();
  }

  @Test
  void onlyResearchersAndAdminsReadTheCatalogueAndMalformedFiltersAreNamed() {
    given().header("Authorization", TestIdentities.bearer(Roles.RATER)).get("/api/v1/failures").then().statusCode(403);
    given().header("Authorization", TestIdentities.bearer(Roles.SERVICE)).get("/api/v1/failures/export")
        .then().statusCode(403);
    given().get("/api/v1/failures").then().statusCode(401);
    given().header("Authorization", admin).queryParam("from", "yesterday").get("/api/v1/failures")
        .then().statusCode(422).body("field", equalTo("from"));
    given().header("Authorization", admin).queryParam("size", 0).get("/api/v1/failures")
        .then().statusCode(422).body("field", equalTo("size"));
  }

  private List<String> keys(Map<String, ?> query) {
    return given().header("Authorization", researcher).queryParams(query).get("/api/v1/failures")
        .then().statusCode(200).extract().jsonPath().getList("items.probeKey");
  }

  private JsonPath groups(String by) {
    return given().header("Authorization", researcher).queryParam("suite", suite).queryParam("by", by)
        .get("/api/v1/failures/groups").then().statusCode(200).extract().jsonPath();
  }

  private static Probe probe(String key, Expected expected, String prompt, String category, String template,
      String mutation) {
    Map<String, String> tags = new java.util.LinkedHashMap<>();
    if (template != null) {
      tags.put("template", template);
    }
    if (mutation != null) {
      tags.put("mutation", mutation);
    }
    return new Probe(key, ProbeSide.INPUT, expected, prompt, null, null, category, tags);
  }
}
