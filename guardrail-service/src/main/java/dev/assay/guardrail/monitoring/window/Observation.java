package dev.assay.guardrail.monitoring.window;

import dev.assay.guardrail.decision.DecisionMade;
import dev.assay.guardrail.engine.TraceEntry;
import dev.assay.guardrail.policy.document.CheckSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What a window keeps of one decision, read from its trace before any lock is taken.
 *
 * @param scores each scored check's score, by {@code check@model-version}
 * @param hits the checks that hit
 * @param ood the request's OOD score, null when no classifier scored it
 */
record Observation(String action, List<Score> scores, List<String> hits, boolean detectorHit, Double ood) {

  record Score(String key, String type, double value) {
    Histogram emptyHistogram() {
      return CheckSpec.REWARD.equals(type) ? Histogram.empty(-5, 5) : Histogram.empty(0, 1);
    }
  }

  /**
   * The OOD score is the classifiers' own uncertainty: {@code 1 - |2p - 1|} of the least certain classifier,
   * 0 when every classifier is sure (p near 0 or 1) and 1 when one sits at p = 0.5. Inputs unlike the training
   * data tend to land between the classes; it costs nothing beyond the scores already computed.
   */
  static Observation of(DecisionMade made, Set<String> detectorChecks) {
    List<Score> scores = new ArrayList<>();
    List<String> hits = new ArrayList<>(2);
    boolean detectorHit = false;
    Double ood = null;
    for (TraceEntry entry : made.decision().trace()) {
      if (TraceEntry.HIT.equals(entry.verdict())) {
        hits.add(entry.check());
        detectorHit |= detectorChecks.contains(entry.check());
      }
      if (entry.score() == null || !Double.isFinite(entry.score())) {
        continue;
      }
      scores.add(new Score(entry.check() + "@" + (entry.modelVersion() == null ? "-" : entry.modelVersion()),
          entry.type(), entry.score()));
      if (CheckSpec.CLASSIFIER.equals(entry.type())) {
        double uncertainty = 1 - Math.abs(2 * Math.clamp(entry.score(), 0.0, 1.0) - 1);
        ood = ood == null ? uncertainty : Math.max(ood, uncertainty);
      }
    }
    return new Observation(made.decision().decision(), scores, hits, detectorHit, ood);
  }
}
