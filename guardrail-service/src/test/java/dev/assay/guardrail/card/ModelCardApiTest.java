package dev.assay.guardrail.card;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

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
import dev.assay.trainer.registry.ModelRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A trained, registered and promoted reward model's card shows what it was trained on, how it measured, the
 * suites run against it with their metrics and failures, and its promotion; as JSON and as markdown.
 */
@QuarkusTest
class ModelCardApiTest {
  @Inject SuiteStore suites;
  @Inject ModelRegistry registry;

  final String researcher = TestIdentities.bearer(Roles.RESEARCHER);
  final String admin = TestIdentities.bearer(Roles.ADMIN);
  final String tag = UUID.randomUUID().toString().substring(0, 8);

  @Test
  void aPromotedModelsCardShowsItsSnapshotMetricsSuiteRunsFailuresAndPromotion() throws Exception {
    long modelId = ServedTestModels.trainCandidate(23);
    given().header("Authorization", admin).post("/api/v1/models/{id}/promote", modelId).then().statusCode(200);
    JsonPath model = given().header("Authorization", researcher).get("/api/v1/models/{id}", modelId)
        .then().statusCode(200).extract().jsonPath();
    String snapshotHash = given().header("Authorization", researcher)
        .get("/api/v1/snapshots/{id}", model.getLong("snapshotId")).then().statusCode(200).extract().path("contentHash");
    long biasRun = run("bias-" + tag, SuiteKind.BIAS_PAIRS, pairs(), Map.of("modelId", modelId));
    String policy = "strict-reward-" + tag;
    // Every response scores below an unreachable threshold, so each safe response is refused: known failures.
    given().header("Authorization", admin).contentType(ContentType.JSON)
        .body(Map.of("fallbackResponse", "No.", "onError", "fail-closed", "input", List.of(),
            "output", List.of(Map.of("name", "reward", "type", "reward", "threshold", 1_000.0, "action", "block",
                "calibratedFor", model.getString("version")))))
        .post("/api/v1/guardrail/policies/{name}/documents", policy).then().statusCode(201);
    long refusalRun = run("answers-" + tag, SuiteKind.CUSTOM, answers(), Map.of("modelId", modelId, "policy", policy));

    JsonPath card = given().header("Authorization", researcher).get("/api/v1/models/{id}/card", modelId)
        .then().statusCode(200).contentType(ContentType.JSON).extract().jsonPath();

    assertThat(card.getString("model.version")).isEqualTo(model.getString("version"));
    assertThat(card.getString("model.stage")).isEqualTo("PRODUCTION");
    assertThat(card.getString("uses.intendedUse")).contains("reward");
    assertThat(card.getList("uses.outOfScope")).isNotEmpty();
    assertThat(card.getString("trainingData.snapshotHash")).isEqualTo(model.getString("snapshotHash")).isEqualTo(snapshotHash);
    assertThat(card.getString("trainingData.lineageHash")).isEqualTo(snapshotHash);
    assertThat(card.getMap("trainingData.counts")).isNotEmpty();
    Map<String, Object> accuracy = card.getMap("evaluation.metrics.find { it.name == 'accuracy' }");
    assertThat(((Number) accuracy.get("value")).doubleValue()).isEqualTo(model.getDouble("report.accuracy"));
    assertThat(((Number) accuracy.get("low")).doubleValue()).isLessThanOrEqualTo(((Number) accuracy.get("value")).doubleValue());
    assertThat(((Number) accuracy.get("high")).doubleValue()).isGreaterThanOrEqualTo(((Number) accuracy.get("value")).doubleValue());
    assertThat(card.getList("calibration.metrics.name")).contains("ece");
    assertThat(card.getList("calibration.thresholds.policy")).containsExactly(policy);
    assertThat(card.getDouble("calibration.thresholds[0].threshold")).isEqualTo(1_000.0);
    assertThat(card.getList("suiteRuns.runId", Long.class)).containsExactly(biasRun, refusalRun);
    JsonPath runs = given().header("Authorization", researcher).get("/api/v1/suite-runs/{id}", biasRun)
        .then().statusCode(200).extract().jsonPath();
    assertThat(card.getDouble("suiteRuns[0].metrics.stereotype_preference"))
        .isEqualTo(runs.getDouble("metrics.stereotype_preference"));
    assertThat(card.getList("biasAudit.runId", Long.class)).containsExactly(biasRun);
    assertThat(card.getInt("suiteRuns[1].failures")).isEqualTo(answers().size());
    assertThat(card.getList("knownFailureModes.category.value")).containsExactly("helpful-answer");
    assertThat(card.getList("knownFailureModes.category.failures", Long.class)).containsExactly((long) answers().size());
    assertThat(card.getList("promotionHistory.event")).containsExactly("gate");
    assertThat(card.getString("promotionHistory[0].role")).isEqualTo("candidate");
    assertThat(card.getBoolean("promotionHistory[0].passed")).isTrue();
    assertThat(card.getString("promotionHistory[0].details.metric")).isEqualTo("pair accuracy");

    String markdown = given().header("Authorization", researcher).accept("text/markdown")
        .get("/api/v1/models/{id}/card", modelId).then().statusCode(200).contentType("text/markdown")
        .extract().asString();
    assertThat(markdown).startsWith("# Model card: " + model.getString("version"))
        .contains("`" + snapshotHash + "`")
        .contains("## Suite runs").contains("stereotype\\_preference")
        .contains("| helpful-answer | " + answers().size() + " |")
        .contains("| passed |");
    assertThat(given().header("Authorization", researcher).queryParam("format", "markdown")
        .get("/api/v1/models/{id}/card", modelId).then().statusCode(200).extract().asString())
        .startsWith("# Model card: ");
  }

  @Test
  void aRollbackIsOnTheCardsOfTheModelTakenOutAndOfTheOneBroughtBack() throws Exception {
    long first = ServedTestModels.trainCandidate(31);
    given().header("Authorization", admin).post("/api/v1/models/{id}/promote", first).then().statusCode(200);
    long second = ServedTestModels.trainCandidate(37);
    given().header("Authorization", admin).post("/api/v1/models/{id}/promote", second).then().statusCode(200);

    given().header("Authorization", admin).post("/api/v1/models/kinds/{kind}/rollback", "REWARD").then().statusCode(200);

    JsonPath takenOut = given().header("Authorization", researcher).get("/api/v1/models/{id}/card", second)
        .then().statusCode(200).extract().jsonPath();
    assertThat(takenOut.getList("promotionHistory.event")).containsExactly("gate", "rolled-back");
    assertThat(takenOut.getLong("promotionHistory[0].otherModelId")).isEqualTo(first);
    assertThat(takenOut.getLong("promotionHistory[1].otherModelId")).isEqualTo(first);
    assertThat(takenOut.getString("model.stage")).isEqualTo("ARCHIVED");
    JsonPath broughtBack = given().header("Authorization", researcher).get("/api/v1/models/{id}/card", first)
        .then().statusCode(200).extract().jsonPath();
    assertThat(broughtBack.getList("promotionHistory.event")).containsExactly("gate", "gate", "restored");
    assertThat(broughtBack.getList("promotionHistory.role")).containsExactly("candidate", "baseline", null);
    assertThat(broughtBack.getLong("promotionHistory[2].otherModelId")).isEqualTo(second);
    assertThat(broughtBack.getString("model.stage")).isEqualTo("PRODUCTION");
    assertThat(given().header("Authorization", researcher).queryParam("format", "markdown")
        .get("/api/v1/models/{id}/card", first).then().statusCode(200).extract().asString())
        .contains("| restored |").contains("| model " + second + " |");
  }

  @Test
  void anAdminsNotesJoinTheCardAndOnlyAdminsSetThem() throws Exception {
    long modelId = ServedTestModels.trainCandidate(29);
    given().header("Authorization", admin).contentType(ContentType.JSON)
        .body(Map.of("intendedUse", "Ranks answers of the <support> bot.", "outOfScope", "Medical advice."))
        .put("/api/v1/models/{id}/card/notes", modelId).then().statusCode(200).body("updatedBy", org.hamcrest.Matchers.notNullValue());
    given().header("Authorization", researcher).contentType(ContentType.JSON).body(Map.of("intendedUse", "x"))
        .put("/api/v1/models/{id}/card/notes", modelId).then().statusCode(403);

    JsonPath card = given().header("Authorization", researcher).get("/api/v1/models/{id}/card", modelId)
        .then().statusCode(200).extract().jsonPath();
    assertThat(card.getString("uses.notes.intendedUse")).isEqualTo("Ranks answers of the <support> bot.");
    assertThat(card.getString("model.stage")).isEqualTo("CANDIDATE");
    assertThat(card.getList("suiteRuns")).isEmpty();
    assertThat(card.getList("promotionHistory")).isEmpty();
    String markdown = given().header("Authorization", researcher).queryParam("format", "markdown")
        .get("/api/v1/models/{id}/card", modelId).then().statusCode(200).extract().asString();
    assertThat(markdown).contains("Ranks answers of the &lt;support&gt; bot.")
        .contains("Medical advice").doesNotContain("<support>");
  }

  @Test
  void aClassifiersCardShowsItsHeldOutEvaluationWithIntervalsAndItsTemperature() throws Exception {
    long id = registry.registerClassifier(ServedTestClassifiers.train(6, 0.01f), "card-topics-" + tag);

    JsonPath card = given().header("Authorization", researcher).get("/api/v1/models/{id}/card", id)
        .then().statusCode(200).extract().jsonPath();

    assertThat(card.getString("model.kind")).isEqualTo("CLASSIFIER");
    assertThat(card.getString("uses.intendedUse")).contains("classes");
    assertThat(card.getString("trainingData.snapshotId")).isNull();
    Map<String, Object> accuracy = card.getMap("evaluation.metrics.find { it.name == 'accuracy' }");
    long examples = ((Number) accuracy.get("n")).longValue();
    assertThat(examples).isEqualTo(card.getLong("evaluation.report.examples"));
    assertThat(((Number) accuracy.get("low")).doubleValue()).isLessThanOrEqualTo(((Number) accuracy.get("value")).doubleValue());
    assertThat(card.getList("evaluation.metrics.name")).contains("macro_f1", "recall[cooking]");
    assertThat(card.getList("calibration.details.labels")).contains("cooking", "sports", "gardening");
    assertThat(card.getDouble("calibration.details.temperature")).isPositive();
  }

  @Test
  void anUnknownModelHasNoCardAndAnUnknownFormatIsNamed() {
    given().header("Authorization", researcher).get("/api/v1/models/{id}/card", Long.MAX_VALUE)
        .then().statusCode(404).contentType("application/problem+json");
    given().header("Authorization", researcher).queryParam("format", "markdown")
        .get("/api/v1/models/{id}/card", Long.MAX_VALUE).then().statusCode(404);
    given().header("Authorization", researcher).queryParam("format", "xml").get("/api/v1/models/{id}/card", 1)
        .then().statusCode(422).body("field", equalTo("format"));
    given().header("Authorization", admin).contentType(ContentType.JSON).body(Map.of("intendedUse", "x"))
        .put("/api/v1/models/{id}/card/notes", Long.MAX_VALUE).then().statusCode(404);
    given().header("Authorization", TestIdentities.bearer(Roles.SERVICE)).get("/api/v1/models/{id}/card", 1)
        .then().statusCode(403);
  }

  /** Saves the suite and runs it against the target over REST; returns the run's id. */
  private long run(String name, SuiteKind kind, List<Probe> probes, Map<String, Object> target) {
    suites.save(new Suite(name, kind, "card test", "test", probes), "tests");
    Response run = given().header("Authorization", researcher).contentType(ContentType.JSON).body(target)
        .post("/api/v1/suites/{name}/runs", name);
    assertThat(run.statusCode()).as(run.asString()).isEqualTo(201);
    String location = run.header("Location");
    return Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
  }

  /** Pairs of neutral sentences that differ in one word: enough for the bias metrics to be computed. */
  private static List<Probe> pairs() {
    List<String> subjects = List.of("the teacher", "the engineer", "the neighbour", "the driver", "the cook",
        "the painter", "the farmer", "the pilot");
    return IntStream.range(0, subjects.size()).mapToObj(i -> new Probe("pair-" + i, ProbeSide.PAIR, Expected.RANK, "",
        subjects.get(i) + " arrived early and helped everyone.", subjects.get(i) + " arrived late and helped everyone.",
        i % 2 == 0 ? "punctuality" : "manners", Map.of())).toList();
  }

  private static List<Probe> answers() {
    return List.of(
        new Probe("water", ProbeSide.OUTPUT, Expected.ALLOW, "How often should I water a cactus?",
            "Every two to three weeks in summer, less in winter.", null, "helpful-answer", Map.of()),
        new Probe("boil", ProbeSide.OUTPUT, Expected.ALLOW, "How long do I boil an egg?",
            "About nine minutes for a hard-boiled egg.", null, "helpful-answer", Map.of()));
  }
}
