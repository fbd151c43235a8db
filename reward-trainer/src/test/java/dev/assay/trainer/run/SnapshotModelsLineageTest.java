package dev.assay.trainer.run;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.platform.identity.Roles;
import dev.assay.testing.TestIdentities;
import dev.assay.trainer.TestModels;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SnapshotModelsLineageTest {
  @Inject TrainingRunService runs;

  @Test
  void aSnapshotsLineageListsTheModelsTrainedOnIt() {
    long snapshot = TestModels.snapshot();
    long runId = InProcessTraining.run(snapshot, 1, 5);
    Long modelId = runs.get(runId).modelId;
    assertThat(modelId).as(String.valueOf(runs.get(runId).error)).isNotNull();

    JsonPath lineage = given().header("Authorization", TestIdentities.bearer(Roles.RESEARCHER))
        .get("/api/v1/snapshots/" + snapshot + "/lineage")
        .then().statusCode(200).extract().jsonPath();

    List<Map<String, Object>> models = lineage.getList("extensions.models");
    assertThat(models).isNotNull();
    Map<String, Object> trained = models.stream()
        .filter(model -> ((Number) model.get("id")).longValue() == modelId).findFirst().orElseThrow();
    assertThat(trained).containsEntry("stage", "CANDIDATE").containsKeys("name", "version", "createdAt");
    assertThat(((Number) trained.get("runId")).longValue()).isEqualTo(runId);
  }
}
