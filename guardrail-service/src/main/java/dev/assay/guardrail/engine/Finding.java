package dev.assay.guardrail.engine;

import dev.assay.trainer.model.Contribution;
import java.util.List;

/**
 * What one check found, over all views of its text (the worst view wins).
 *
 * @param hit whether the check's condition holds (a rule matched, PII was found, a classifier's
 *     probability reached its threshold, the reward fell below its threshold)
 * @param score the worst score over the views; null for rules
 * @param matched what matched (rule and phrase, or PII types), for the trace; null when nothing did
 * @param modelVersion the version of the model that scored; null for rules
 * @param explanation the phrases that moved the score most, when asked for and the model can say
 */
record Finding(boolean hit, Double score, Double threshold, String matched, String modelVersion,
    List<Contribution> explanation) {

  static Finding rule(String matched) {
    return new Finding(matched != null, null, null, matched, null, null);
  }
}
