package dev.assay.guardrail.monitoring.window;

import java.time.Instant;
import java.util.Map;

/**
 * What every replica saw of one policy version and cohort in one window, added up.
 *
 * @param counts decisions by action ({@code allow}, {@code flag}, {@code redact}, {@code escalate}, {@code block})
 * @param hits decisions in which each check hit, by check name
 * @param histograms the score of each scored check, by {@code check@model-version}
 * @param detectorHits decisions in which a jailbreak or prompt-attack detector hit
 * @param oodScored decisions that had an OOD score (at least one classifier check scored)
 * @param oodAbove of those, the ones whose OOD score was above the threshold
 */
public record WindowSummary(
    WindowKey key, Instant end, long decisions, Map<String, Long> counts, Map<String, Long> hits,
    Map<String, Histogram> histograms,
    long detectorHits, long oodScored, long oodAbove, Histogram ood) {

  public long count(String action) {
    return counts.getOrDefault(action, 0L);
  }

  public double oodShare() {
    return oodScored == 0 ? 0 : (double) oodAbove / oodScored;
  }
}
