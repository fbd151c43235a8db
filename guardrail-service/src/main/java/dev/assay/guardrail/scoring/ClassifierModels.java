package dev.assay.guardrail.scoring;

import dev.assay.trainer.model.ClassifierScorer;
import java.util.List;
import java.util.Optional;

/**
 * The classifiers this replica serves, by registry name (a policy's classifier check names one). Each
 * name has at most one production version; a promotion swaps it in as it does for reward models.
 */
public interface ClassifierModels {
  /**
   * A loaded classifier: requests in flight keep the scorer they started with. {@code batcher}, when there
   * is one, lets concurrent checks share forward passes; it is null where the scorer is called directly.
   */
  record ServedClassifier(String name, String version, ClassifierScorer scorer,
      MicroBatcher<List<String>, double[][]> batcher) {

    /** Without a batcher: a candidate under test, or a classifier whose forward pass gains nothing from one. */
    public ServedClassifier(String name, String version, ClassifierScorer scorer) {
      this(name, version, scorer, null);
    }
  }

  /** The production classifier named {@code name}, loading it on first use; empty when none is in production. */
  Optional<ServedClassifier> production(String name);
}
