package dev.assay.trainer.model;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.platform.digest.Sha256;
import dev.assay.trainer.featurize.FeaturizerOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A broken model directory must fail to load with a message that says what is wrong. */
class ModelLoadFailureTest {
  @TempDir Path dir;

  @BeforeEach
  void saveModel() throws Exception {
    SavedNetwork.save(dir, ModelKind.REWARD);
  }

  @Test
  void flippedBytesInTheParametersAreReportedAsCorruption() throws IOException {
    Path params = dir.resolve(ModelDirectory.PARAMETERS);
    byte[] bytes = Files.readAllBytes(params);
    bytes[bytes.length / 2] ^= 0x55;
    Files.write(params, bytes);

    assertLoadFails("model.params is corrupted or does not belong to this model");
  }

  @Test
  void garbageParametersWithAMatchingChecksumAreReportedAsUnreadable() throws Exception {
    Files.write(dir.resolve(ModelDirectory.PARAMETERS), "not a DJL parameter file".getBytes());
    editManifest(m -> m.put("parametersSha256", sha256()));

    assertLoadFails("does not hold parameters of this network");
  }

  @Test
  void missingParametersAreNamed() throws IOException {
    Files.delete(dir.resolve(ModelDirectory.PARAMETERS));

    assertLoadFails("model.params is missing");
  }

  @Test
  void anotherFormatVersionIsRefused() throws IOException {
    editManifest(m -> m.put("formatVersion", 99));

    assertLoadFails("format version 99; this build reads version 1");
  }

  @Test
  void unknownFeaturizerIsRefused() throws IOException {
    editManifest(m -> m.put("featurizer", "word2vec"));

    assertLoadFails("unusable featurizer: unknown sentence encoder 'word2vec'");
  }

  @Test
  void featureDimensionMismatchIsRefused() throws IOException {
    editManifest(m -> m.put("featurizer", "hashed:response=2048,prompt=256,char3=true"));

    assertLoadFails("gives 2304 features but the model was trained on 1280");
  }

  @Test
  void malformedManifestIsRefused() throws IOException {
    Files.writeString(dir.resolve(ModelDirectory.MANIFEST), "{\"formatVersion\": ");

    assertLoadFails("is not a valid model manifest");
  }

  private void assertLoadFails(String message) {
    assertThatThrownBy(() -> RewardScorer.load(dir, FeaturizerOptions.inMemory()))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining(message);
  }

  private void editManifest(Consumer<ObjectNode> edit) throws IOException {
    Path manifest = dir.resolve(ModelDirectory.MANIFEST);
    ObjectNode json = (ObjectNode) ModelJson.MAPPER.readTree(manifest.toFile());
    edit.accept(json);
    ModelJson.MAPPER.writeValue(manifest.toFile(), json);
  }

  private String sha256() {
    try {
      return Sha256.hex(dir.resolve(ModelDirectory.PARAMETERS));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
