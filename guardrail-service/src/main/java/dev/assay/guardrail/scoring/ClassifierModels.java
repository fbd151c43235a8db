package dev.assay.guardrail.scoring;

import dev.assay.trainer.model.ClassifierScorer;
import java.util.Optional;

/**
 * The classifiers this replica serves, by registry name (a policy's classifier check names one). Each
 * name has at most one production version; a promotion swaps it in as it does for reward models.
 */
public interface ClassifierModels {
  /** A loaded production classifier: requests in flight keep the scorer they started with. */
  record ServedClassifier(String name, String version, ClassifierScorer scorer) {}

  /** The production classifier named {@code name}, loading it on first use; empty when none is in production. */
  Optional<ServedClassifier> production(String name);
}
