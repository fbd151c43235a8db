package dev.assay.trainer.registry;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.assay.platform.identity.Roles;
import dev.assay.platform.jdbc.Sql;
import dev.assay.platform.problem.ProblemException;
import dev.assay.testing.TestIdentities;
import dev.assay.trainer.TestModels;
import dev.assay.trainer.run.InProcessTraining;
import dev.assay.trainer.run.TrainingRunService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * Two reward models trained for real, one on reversed preferences, compared through the API: the figures are
 * measured on each model's own test split, agree with its stored report, and are measured only once; the
 * registry table filters by kind.
 */
@QuarkusTest
class ModelComparisonApiTest {
  @Inject TrainingRunService runs;
  @Inject ModelRegistry registry;
  @Inject Sql sql;
  @Inject ModelComparisons comparisons;

  final String researcher = TestIdentities.bearer(Roles.RESEARCHER);

  @Test
  void twoModelsCompareWithIntervalsCalibrationLengthBiasAndPerSourceAccuracyMeasuredOnce() {
    long good = train(TestModels.snapshot(), 51);
    long flipped = train(TestModels.flippedSnapshot(), 51);

    JsonPath comparison = given().header("Authorization", researcher).queryParam("ids", good + "," + flipped)
        .get("/api/v1/models/compare").then().statusCode(200).extract().jsonPath();

    assertThat(comparison.getList("models.model.id", Long.class)).containsExactly(good, flipped);
    RegisteredModel goodModel = registry.get(good);
    assertThat(comparison.getString("models[0].model.stage")).isEqualTo("candidate");
    assertThat(comparison.getString("models[0].model.snapshotName")).isEqualTo("fixture");
    assertThat(comparison.getString("models[0].model.snapshotHash")).isEqualTo(goodModel.snapshotHash);
    assertThat(comparison.getString("models[0].evaluatedOn")).contains("snapshot " + goodModel.snapshotId);
    double reportAccuracy = ((Number) goodModel.report.get("accuracy")).doubleValue();
    double accuracy = comparison.getDouble("models[0].model.metrics.find { it.name == 'accuracy' }.value");
    double low = comparison.getDouble("models[0].model.metrics.find { it.name == 'accuracy' }.low");
    double high = comparison.getDouble("models[0].model.metrics.find { it.name == 'accuracy' }.high");
    assertThat(accuracy).isCloseTo(reportAccuracy, within(1e-6));
    assertThat(low).isLessThan(accuracy);
    assertThat(high).isGreaterThanOrEqualTo(accuracy);
    assertThat(comparison.getDouble("models[0].figures.accuracy.value"))
        .as("the figures are measured on the same split as the stored report").isCloseTo(reportAccuracy, within(1e-6));
    assertThat(comparison.getDouble("models[0].figures.ece.value"))
        .isCloseTo(((Number) goodModel.report.get("ece")).doubleValue(), within(1e-6));
    assertThat(comparison.getList("models[0].figures.reliability")).hasSize(5);
    int binned = comparison.getList("models[0].figures.reliability.pairs", Integer.class).stream()
        .mapToInt(Integer::intValue).sum();
    assertThat(binned).isEqualTo(comparison.getInt("models[0].figures.pairs")).isPositive();
    assertThat(comparison.getList("models[0].figures.accuracyBySource.name")).isNotEmpty();
    assertThat(comparison.getList("models[0].figures.lengthBias.rewardByLength")).isNotEmpty();
    assertThat(comparison.getDouble("models[0].figures.lengthBias.modelPrefersLonger.value")).isBetween(0.0, 1.0);
    assertThat(comparison.getDouble("models[1].figures.accuracy.value"))
        .as("each model on its own test split: the reversed model learnt its reversed data")
        .isCloseTo(((Number) registry.get(flipped).report.get("accuracy")).doubleValue(), within(1e-6));
    assertThat(stored(good)).isEqualTo(1);

    String again = given().header("Authorization", researcher).queryParam("ids", good + "," + flipped)
        .get("/api/v1/models/compare").then().statusCode(200).extract().jsonPath().getString("models[0].figures");
    assertThat(again).isEqualTo(comparison.getString("models[0].figures"));
    assertThat(stored(good)).as("measured once").isEqualTo(1);

    assertThat(comparisons.summaries("reward")).extracting(ModelComparisons.ModelSummary::id).contains(good, flipped);
    assertThat(comparisons.summaries("classifier")).extracting(ModelComparisons.ModelSummary::kind)
        .doesNotContain("REWARD", "PREFERENCE");
    assertThatThrownBy(() -> comparisons.summaries("sideways")).isInstanceOf(ProblemException.class)
        .hasMessageContaining("kind must be one of");
  }

  @Test
  void aComparisonNeedsTwoToEightKnownModelsAndARoleThatMayReadTheRegistry() {
    Response one = given().header("Authorization", researcher).queryParam("ids", "1").get("/api/v1/models/compare");
    assertThat(one.statusCode()).isEqualTo(422);
    assertThat(one.jsonPath().getString("field")).isEqualTo("ids");
    Response words = given().header("Authorization", researcher).queryParam("ids", "one,two")
        .get("/api/v1/models/compare");
    assertThat(words.statusCode()).isEqualTo(422);
    assertThat(words.jsonPath().getString("field")).isEqualTo("ids");
    given().header("Authorization", researcher).queryParam("ids", "1,2,3,4,5,6,7,8,9")
        .get("/api/v1/models/compare").then().statusCode(422);
    given().header("Authorization", researcher).queryParam("ids", "999999998,999999999")
        .get("/api/v1/models/compare").then().statusCode(404);
    given().header("Authorization", TestIdentities.bearer(Roles.RATER)).queryParam("ids", "1,2")
        .get("/api/v1/models/compare").then().statusCode(403);
  }

  private long stored(long modelId) {
    return QuarkusTransaction.requiringNew().call(() ->
        sql.count("SELECT count(*) FROM model_evaluation_figures WHERE model_id = ?", modelId));
  }

  private long train(long snapshot, int seed) {
    long runId = InProcessTraining.run(snapshot, 6, seed);
    Long modelId = runs.get(runId).modelId;
    assertThat(modelId).as(String.valueOf(runs.get(runId).error)).isNotNull();
    return modelId;
  }
}
