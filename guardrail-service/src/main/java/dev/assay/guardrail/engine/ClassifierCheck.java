package dev.assay.guardrail.engine;

import dev.assay.guardrail.policy.document.CheckSpec;
import dev.assay.guardrail.scoring.ClassifierModels;
import dev.assay.guardrail.scoring.ClassifierModels.ServedClassifier;
import dev.assay.trainer.model.Contribution;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A production classifier's probability of one class, every text scored in one batch (shared with
 * concurrent checks through the classifier's batcher, when it has one); the highest counts. Hits when it
 * reaches the threshold. The served version is taken once per request, so a hot
 * swap never mixes two versions in one decision.
 */
record ClassifierCheck(CheckSpec spec, ClassifierModels classifiers) implements Check {
  /** Phrases an explanation lists. */
  static final int EXPLAINED_PHRASES = 5;
  // Scoring off the request thread lets the engine stop waiting at the budget.
  private static final ExecutorService SCORING = Executors.newVirtualThreadPerTaskExecutor();

  @Override
  public CompletableFuture<Finding> run(Subject subject) {
    return CompletableFuture.supplyAsync(() -> score(subject), SCORING);
  }

  private Finding score(Subject subject) {
    List<String> texts = subject.texts();
    for (int attempt = 1; ; attempt++) {
      ServedClassifier served = classifiers.production(spec.model())
          .orElseThrow(() -> new IllegalStateException("no classifier " + spec.model() + " in production"));
      int label = served.scorer().labels().indexOf(spec.label());
      if (label < 0) {
        throw new IllegalStateException("classifier " + spec.model() + " " + served.version() + " has no class "
            + spec.label());
      }
      if (served.batcher() == null) {
        return finding(served, label, subject, texts, served.scorer().probabilities(texts));
      }
      try {
        return finding(served, label, subject, texts, served.batcher().submit(texts).join());
      } catch (IllegalStateException e) {
        // A swap closed this batcher after the request took it: the new version takes the request.
        if (!served.batcher().isClosed() || attempt == 3) {
          throw e;
        }
      }
    }
  }

  private Finding finding(ServedClassifier served, int label, Subject subject, List<String> texts,
      double[][] probabilities) {
    int worst = 0;
    for (int i = 1; i < probabilities.length; i++) {
      worst = probabilities[i][label] > probabilities[worst][label] ? i : worst;
    }
    double probability = probabilities[worst][label];
    List<Contribution> explanation = subject.explain()
        ? served.scorer().explain(texts.get(worst), spec.label(), EXPLAINED_PHRASES) : null;
    return new Finding(probability >= spec.threshold(), probability, spec.threshold(), null, served.version(),
        explanation);
  }
}
