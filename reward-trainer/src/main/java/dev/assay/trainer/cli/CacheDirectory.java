package dev.assay.trainer.cli;

import dev.assay.trainer.TrainerSettings;
import dev.assay.trainer.featurize.FeaturizerOptions;
import java.nio.file.Path;

/** Where the commands keep sentence embeddings: the option, else the app's data directory. */
final class CacheDirectory {
  private CacheDirectory() {}

  /**
   * @param option the {@code --cache-dir} value or null
   * @param settings the app's settings when run inside it (null when a command is built by hand, as
   *     in unit tests: then embeddings stay in memory)
   */
  static FeaturizerOptions options(Path option, TrainerSettings settings) {
    if (option != null) {
      return FeaturizerOptions.persistent(option);
    }
    return settings != null ? settings.featurizerOptions() : FeaturizerOptions.inMemory();
  }
}
