package dev.assay.trainer.registry;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.platform.identity.Roles;
import dev.assay.testing.TestIdentities;
import dev.assay.trainer.ClassifierFixture;
import dev.assay.trainer.TestModels;
import dev.assay.trainer.model.ModelKind;
import dev.assay.trainer.run.InProcessTraining;
import dev.assay.trainer.run.TrainingRunService;
import dev.assay.trainer.training.ClassifierJob;
import dev.assay.trainer.training.LabeledTexts;
import dev.assay.trainer.training.TrainingConfig;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The promotion gate refuses what it cannot evaluate and what got worse, promotes what did not, and a
 * rollback brings the previous production model back in one audited call. Models are trained for real.
 */
@QuarkusTest
class ReleaseGateTest {
  @Inject TrainingRunService runs;
  @Inject ModelRegistry registry;

  final String adminName = "gate-admin-" + UUID.randomUUID().toString().substring(0, 8);
  final String admin = "Bearer " + TestIdentities.key(Roles.ADMIN, adminName);

  @Test
  void aFirstClassifierWithNoEvaluationDataIsRefusedSayingSoAndStaysACandidate() throws Exception {
    String name = "ungated-topics-" + System.nanoTime();
    long id = registry.registerClassifier(trainClassifier(6), name);

    Response refused = promote(id);

    assertThat(refused.statusCode()).as(refused.asString()).isEqualTo(409);
    assertThat(refused.contentType()).startsWith("application/problem+json");
    assertThat(refused.jsonPath().getString("detail")).contains("no evaluation data");
    assertThat(refused.jsonPath().getBoolean("gate.passed")).isFalse();
    assertThat(registry.get(id).stage).isEqualTo(RegisteredModel.Stage.CANDIDATE);
    assertThat(registry.productionClassifier(name)).isEmpty();
  }

  @Test
  void aRewardModelTrainedOnFlippedPreferencesIsRefusedNamingPairAccuracyWhileAGoodOneIsPromoted() throws Exception {
    long good = train(TestModels.snapshot(), 21);
    JsonPath promoted = promote(good).then().statusCode(200).extract().jsonPath();
    assertThat(promoted.getBoolean("passed")).isTrue();
    assertThat(promoted.getDouble("candidateScore")).isGreaterThanOrEqualTo(promoted.getDouble("minimum"));
    assertThat(promoted.getList("failures")).isEmpty();
    long flipped = train(TestModels.flippedSnapshot(), 21);

    Response refused = promote(flipped);

    assertThat(refused.statusCode()).as(refused.asString()).isEqualTo(409);
    JsonPath gate = refused.jsonPath().setRootPath("gate");
    assertThat(gate.getString("metric")).isEqualTo("pair accuracy");
    assertThat(refused.jsonPath().getString("detail")).contains("pair accuracy")
        .contains("regresses from production's");
    assertThat(gate.getDouble("candidateScore")).isLessThan(gate.getDouble("baselineScore"));
    assertThat(gate.getLong("baselineId")).isEqualTo(good);
    assertThat(gate.getDouble("regressionPValue")).isLessThan(0.05);
    assertThat(gate.getString("rule")).contains("paired bootstrap");
    assertThat(gate.getString("evaluationSet")).as("the data production was gated on, not the flipped snapshot's")
        .isEqualTo("snapshot " + registry.get(good).snapshotId + " test split");
    assertThat(registry.get(flipped).stage).isEqualTo(RegisteredModel.Stage.CANDIDATE);
    assertThat(registry.production(ModelKind.REWARD.name())).map(m -> m.id).contains(good);
  }

  @Test
  void aRollbackRestoresThePreviousProductionModelInOneAuditedCall() throws Exception {
    long first = train(TestModels.snapshot(), 31);
    promote(first).then().statusCode(200);
    long second = train(TestModels.snapshot(), 32);
    promote(second).then().statusCode(200);

    JsonPath rolledBack = given().header("Authorization", admin).post("/api/v1/models/kinds/reward/rollback")
        .then().statusCode(200).extract().jsonPath();

    assertThat(rolledBack.getLong("from.id")).isEqualTo(second);
    assertThat(rolledBack.getLong("to.id")).isEqualTo(first);
    assertThat(registry.production(ModelKind.REWARD.name())).map(m -> m.id).contains(first);
    RegisteredModel takenOut = registry.get(second);
    assertThat(takenOut.stage).isEqualTo(RegisteredModel.Stage.ARCHIVED);
    assertThat(takenOut.rolledBackAt).isNotNull();
    JsonPath audit = given().header("Authorization", admin).queryParam("target", "model:" + first)
        .get("/api/v1/admin/audit").then().statusCode(200).extract().jsonPath();
    assertThat(audit.getList("items.action")).contains("model.rollback");
    assertThat(audit.getList("items.actor")).contains(adminName);
    given().header("Authorization", TestIdentities.bearer(Roles.RESEARCHER))
        .post("/api/v1/models/kinds/reward/rollback").then().statusCode(403);
  }

  @Test
  void aRollbackWithNothingToRollBackToIsAConflict() throws Exception {
    String name = "single-topics-" + System.nanoTime();
    Path work = Files.createTempDirectory("gate-rollback-");
    long only = registry.registerClassifier(trainClassifier(10), name, ClassifierFixture.heldOut(work));
    promote(only).then().statusCode(200);

    Response first = given().header("Authorization", admin).post("/api/v1/models/classifiers/" + name + "/rollback");
    Response never = given().header("Authorization", admin)
        .post("/api/v1/models/classifiers/never-promoted-" + System.nanoTime() + "/rollback");

    assertThat(first.statusCode()).as(first.asString()).isEqualTo(409);
    assertThat(first.jsonPath().getString("detail")).contains("nothing to roll back to");
    assertThat(never.statusCode()).isEqualTo(409);
    assertThat(never.jsonPath().getString("detail")).contains("nothing to roll back");
    assertThat(registry.get(only).stage).isEqualTo(RegisteredModel.Stage.PRODUCTION);
    given().header("Authorization", admin).post("/api/v1/models/kinds/sideways/rollback").then().statusCode(422);
  }

  private Response promote(long id) {
    return given().header("Authorization", admin).post("/api/v1/models/" + id + "/promote");
  }

  /** Trains a hashed reward model on a snapshot, for real, and returns its candidate's id. */
  private long train(long snapshot, int seed) {
    long runId = InProcessTraining.run(snapshot, 6, seed);
    Long modelId = runs.get(runId).modelId;
    assertThat(modelId).as(String.valueOf(runs.get(runId).error)).isNotNull();
    return modelId;
  }

  private static Path trainClassifier(int epochs) throws Exception {
    Path work = Files.createTempDirectory("gate-classifier-");
    ClassifierJob.builder()
        .setConfig(TrainingConfig.builder().optKind(ModelKind.CLASSIFIER)
            .optFeaturizer("hashed:response=4096,prompt=0,char3=true").optEpochs(epochs).optBatchSize(8).optSeed(2)
            .build())
        .setTrainingData(LabeledTexts.read(ClassifierFixture.training(work), ClassifierFixture.COLUMNS))
        .setOutputDirectory(work.resolve("model"))
        .build()
        .run();
    return work.resolve("model");
  }
}
