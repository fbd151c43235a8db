package dev.assay.trainer;

import dev.assay.trainer.featurize.FeaturizerOptions;
import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;

/** Where the trainer keeps artifacts, and what it trains by default. */
@ConfigMapping(prefix = "assay.trainer")
public interface TrainerSettings {
  /** Root of model artifacts, run checkpoints and the embedding cache; shared by all trainer replicas. */
  @WithDefault(".assay/data")
  Path dataDir();

  /** Featurizer used when a run does not name one. */
  @WithDefault("hashed")
  String defaultFeaturizer();

  /**
   * The most memory a run may need by its estimate (weights, gradients and Adam's two moments, plus a
   * batch of dense features for both sides); a run over it is refused at submit.
   */
  @WithDefault("1G")
  MemorySize maxRunMemory();

  /** Deliveries of a run to workers, crashed ones included, before it fails and its message is dead-lettered. */
  @WithDefault("3")
  int maxAttempts();

  /**
   * How often a follower of a run (its event stream, its live view) reads the run's progress from the
   * database; read there, not from the worker, so any replica can follow a run trained on another.
   */
  @WithDefault("500ms")
  Duration runEventsInterval();

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
