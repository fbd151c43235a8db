package dev.assay.trainer;

import dev.assay.trainer.featurize.FeaturizerOptions;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;

/** Where the trainer keeps artifacts, and what it trains by default. */
@ConfigMapping(prefix = "assay.trainer")
public interface TrainerSettings {
  /** Root of model artifacts, run checkpoints and the embedding cache; shared by all trainer replicas. */
  @WithDefault(".assay/data")
  Path dataDir();

  /** Featurizer used when a run does not name one. */
  @WithDefault("hashed")
  String defaultFeaturizer();

  default Path modelsDir() {
    return dataDir().resolve("models");
  }

  default Path runsDir() {
    return dataDir().resolve("runs");
  }

  default FeaturizerOptions featurizerOptions() {
    return FeaturizerOptions.persistent(dataDir().resolve("embedding-cache"));
  }
}
