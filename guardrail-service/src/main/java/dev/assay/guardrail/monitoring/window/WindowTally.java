package dev.assay.guardrail.monitoring.window;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The counts of one open window in memory. A tally taken for writing is closed: a decision that reaches it
 * afterwards is refused and counted in a fresh tally of the same window (written with the next flush).
 */
final class WindowTally {
  private final Map<String, Long> counts = new HashMap<>();
  private final Map<String, Long> hits = new HashMap<>();
  private final Map<String, Histogram> histograms = new HashMap<>();
  private final Histogram ood = Histogram.empty(0, 1);
  private long decisions;
  private long detectorHits;
  private long oodScored;
  private long oodAbove;
  private boolean closed;

  /** Counts a decision; false when the tally was closed meanwhile. */
  synchronized boolean add(Observation observation, double oodThreshold) {
    if (closed) {
      return false;
    }
    decisions++;
    counts.merge(observation.action(), 1L, Long::sum);
    for (String check : observation.hits()) {
      hits.merge(check, 1L, Long::sum);
    }
    for (Observation.Score score : observation.scores()) {
      histograms.computeIfAbsent(score.key(), k -> score.emptyHistogram()).add(score.value());
    }
    if (observation.detectorHit()) {
      detectorHits++;
    }
    if (observation.ood() != null) {
      oodScored++;
      ood.add(observation.ood());
      if (observation.ood() > oodThreshold) {
        oodAbove++;
      }
    }
    return true;
  }

  /** Closes the tally and returns what it counted. */
  synchronized WindowSummary close(WindowKey key, Instant end) {
    closed = true;
    Map<String, Histogram> copies = new HashMap<>();
    histograms.forEach((name, histogram) -> copies.put(name, histogram.copy()));
    return new WindowSummary(key, end, decisions, Map.copyOf(counts), Map.copyOf(hits), copies, detectorHits,
        oodScored, oodAbove, ood.copy());
  }
}
