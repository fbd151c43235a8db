package dev.assay.guardrail.monitoring.api;

import dev.assay.guardrail.monitoring.window.Histogram;
import dev.assay.guardrail.monitoring.window.WindowSummary;
import java.time.Instant;
import java.util.Map;

/**
 * One window of one policy version and cohort: decisions by action, the decisions each check hit in, each
 * scored check's histogram (by {@code check@model-version}, {@value Histogram#BINS} bins over {@code [low, high]}),
 * detector hits and the OOD share.
 */
public record WindowView(Instant start, Instant end, String policy, int policyVersion, String cohort, long decisions,
    Map<String, Long> counts, Map<String, Long> hits, Map<String, Histogram> histograms, long detectorHits,
    long oodScored, long oodAbove, double oodShare, Histogram ood) {
  static WindowView of(WindowSummary w) {
    return new WindowView(w.key().start(), w.end(), w.key().policy(), w.key().policyVersion(), w.key().cohort(),
        w.decisions(), w.counts(), w.hits(), w.histograms(), w.detectorHits(), w.oodScored(), w.oodAbove(),
        w.oodShare(), w.ood());
  }
}
