package dev.assay.trainer.featurize;

import dev.assay.store.record.Message;
import java.util.List;

/**
 * Turns (prompt, response) into a fixed-length feature vector for the reward head.
 *
 * <p>Batch-wise because the sentence encoders are an order of magnitude faster per text in batches.
 * Implementations are thread-safe. {@link #spec()} names the featurizer and every setting that
 * changes its output, so that a saved model can rebuild exactly the featurizer it was trained with
 * ({@link Featurizers#create}).
 */
public interface Featurizer extends AutoCloseable {

  /** Length of every vector {@link #featurize} returns. */
  int dimension();

  /** Settings string that {@link Featurizers#create} turns back into an equivalent featurizer. */
  String spec();

  /** One row per response, each featurized against the same prompt. */
  float[][] featurize(List<Message> prompt, List<String> responses);

  /**
   * The rows of {@link #featurize} as their non-zero entries, for scoring. A featurizer whose rows are
   * mostly zeros overrides this so that the dense row is never built.
   */
  default SparseRow[] featurizeSparse(List<Message> prompt, List<String> responses) {
    float[][] dense = featurize(prompt, responses);
    SparseRow[] rows = new SparseRow[dense.length];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = SparseRow.of(dense[i]);
    }
    return rows;
  }

  /**
   * Hint that these prompts and responses are about to be featurized, so an encoder can compute them
   * in large length-sorted batches up front instead of a few texts per call. Does nothing by default.
   */
  default void warmUp(List<List<Message>> prompts, List<String> responses) {}

  /**
   * Whether features come out of a neural network's forward pass (a sentence encoder). Such a
   * featurizer is far cheaper per text in batches; the others cost the same per text either way.
   */
  default boolean runsNetwork() {
    return false;
  }

  /** Releases native resources; the default holds none. */
  @Override
  default void close() {}
}
