package dev.assay.trainer.registry;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.platform.identity.Roles;
import dev.assay.platform.problem.ProblemException;
import dev.assay.testing.TestIdentities;
import dev.assay.trainer.ClassifierFixture;
import dev.assay.trainer.featurize.FeaturizerOptions;
import dev.assay.trainer.model.ClassifierScorer;
import dev.assay.trainer.model.ModelKind;
import dev.assay.trainer.training.ClassifierJob;
import dev.assay.trainer.training.LabeledTexts;
import dev.assay.trainer.training.TrainingConfig;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ClassifierRegistryTest {
  @Inject ModelRegistry registry;

  @Test
  void aTrainedClassifierIsRegisteredWithItsKindListedAndLoadableFromItsArtifact() throws Exception {
    Path work = Files.createTempDirectory("classifier-registry-");
    Path trained = work.resolve("model");
    ClassifierJob.builder()
        .setConfig(TrainingConfig.builder().optKind(ModelKind.CLASSIFIER)
            .optFeaturizer("hashed:response=4096,prompt=0,char3=true").optEpochs(3).build())
        .setTrainingData(LabeledTexts.read(ClassifierFixture.training(work), ClassifierFixture.COLUMNS))
        .setOutputDirectory(trained)
        .build()
        .run();

    long id = registry.registerClassifier(trained, "topic-classifier");

    JsonPath listed = given().header("Authorization", TestIdentities.bearer(Roles.RESEARCHER))
        .get("/api/v1/models").then().statusCode(200).extract().jsonPath();
    Map<String, Object> model = listed.<Map<String, Object>>getList("").stream()
        .filter(m -> ((Number) m.get("id")).longValue() == id).findFirst().orElseThrow();
    assertThat(model).containsEntry("kind", "CLASSIFIER").containsEntry("stage", "CANDIDATE");
    assertThat((String) model.get("version")).startsWith("topic-classifier-v");
    RegisteredModel registered = registry.get(id);
    assertThat(Path.of(registered.artifactPath)).isNotEqualTo(trained);
    try (ClassifierScorer scorer = ClassifierScorer.load(Path.of(registered.artifactPath), FeaturizerOptions.inMemory())) {
      assertThat(scorer.labels()).containsExactly("cooking", "gardening", "sports");
      assertThat(scorer.probabilities(List.of("When should I water the tulip bulbs?"))[0]).hasSize(3);
    }
  }

  @Test
  void aDirectoryWithoutAClassifierIsRefusedNamingTheModel() throws Exception {
    Path empty = Files.createTempDirectory("not-a-model-");

    assertThatThrownBy(() -> registry.registerClassifier(empty, "topic-classifier"))
        .isInstanceOf(ProblemException.class)
        .hasMessageContaining("model.json");
  }

  @Test
  void aClassifierCannotTakeTheNameOfARewardModelKind() throws Exception {
    assertThatThrownBy(() -> registry.registerClassifier(Path.of("unused"), "reward"))
        .isInstanceOf(ProblemException.class)
        .hasMessageContaining("name");
  }
}
