package dev.assay.trainer.featurize;

import java.nio.file.Path;

/**
 * Where featurizers may keep state that is not part of a model.
 *
 * @param embeddingCacheDir directory of the persistent {@link EmbeddingCache} files, typically
 *     {@code ${assay.data-dir}/embedding-cache}; null keeps embeddings in memory only
 */
public record FeaturizerOptions(Path embeddingCacheDir) {

  public static FeaturizerOptions inMemory() {
    return new FeaturizerOptions(null);
  }
}
