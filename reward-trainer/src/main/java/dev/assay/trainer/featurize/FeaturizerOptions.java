package dev.assay.trainer.featurize;

import java.nio.file.Path;

/**
 * Where featurizers may keep state that is not part of a model.
 *
 * @param embeddingCacheDir directory of the persistent {@link EmbeddingCache} files, typically
 *     {@code ${assay.data-dir}/embedding-cache}; null keeps embeddings in memory only
 * @param maxCachedEmbeddings for an in-memory cache, how many embeddings it keeps (least recently used
 *     go first); 0 for no limit
 * @param sharedInMemory an in-memory cache shared by every featurizer of the same encoder in this JVM,
 *     instead of one of its own
 */
public record FeaturizerOptions(Path embeddingCacheDir, int maxCachedEmbeddings, boolean sharedInMemory) {

  /** Embeddings in memory only, all of them (a training job or a CLI run without a cache directory). */
  public static FeaturizerOptions inMemory() {
    return new FeaturizerOptions(null, 0, false);
  }

  /** Embeddings kept across runs in {@code directory} (training: the same texts come back every run). */
  public static FeaturizerOptions persistent(Path directory) {
    return new FeaturizerOptions(directory, 0, false);
  }

  /**
   * The scorers' cache: live traffic is mostly new texts, so embeddings are kept in memory only and
   * only the most recent {@code maxEntries}, never written to disk. Every scorer of an encoder shares it:
   * a policy's classifiers on the same text (its input checks) encode that text once between them.
   */
  public static FeaturizerOptions serving(int maxEntries) {
    return new FeaturizerOptions(null, maxEntries, true);
  }
}
