package dev.assay.guardrail.monitoring.window;

import dev.assay.guardrail.decision.DecisionMade;
import dev.assay.guardrail.monitoring.MonitoringSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts every audited decision into the window it was made in, in memory (a map lookup and a few
 * increments under a per-window lock), and writes the windows that have closed to PostgreSQL when
 * {@link #flush()} runs (the {@link dev.assay.guardrail.monitoring.evaluation.WindowEvaluator} calls it on
 * its schedule). Windows start at multiples of their length since the epoch, by the injected clock, so the
 * rows of every replica line up; readers add them up ({@link WindowStore}).
 */
@ApplicationScoped
public class MonitoringWindows {
  private record CallerKey(Instant start, String caller) {}

  private final MonitoringSettings monitoring;
  private final WindowSettings settings;
  private final WindowStore store;
  private final Clock clock;
  private final Set<String> detectorChecks;
  private final Map<WindowKey, WindowTally> windows = new ConcurrentHashMap<>();
  private final Map<CallerKey, CallerTally> callers = new ConcurrentHashMap<>();

  public MonitoringWindows(MonitoringSettings monitoring, WindowSettings settings, WindowStore store, Clock clock) {
    this.monitoring = monitoring;
    this.settings = settings;
    this.store = store;
    this.clock = clock;
    this.detectorChecks = Set.copyOf(settings.detectorChecks());
  }

  void observe(@Observes DecisionMade made) {
    if (!monitoring.enabled()) {
      return;
    }
    Observation observation = Observation.of(made, detectorChecks);
    Instant start = windowStart(made.decidedAt());
    WindowKey key = new WindowKey(start, made.decision().policy(), made.decision().policyVersion(), made.cohort());
    while (!windows.computeIfAbsent(key, k -> new WindowTally()).add(observation, settings.oodThreshold())) {
      Thread.onSpinWait();
    }
    if (made.caller() == null) {
      return;
    }
    CallerKey callerKey = new CallerKey(start, made.caller());
    CallerTally caller = callers.get(callerKey);
    if (caller == null && callers.size() >= settings.maxCallers()) {
      return;
    }
    while (!(caller = callers.computeIfAbsent(callerKey, k -> new CallerTally())).add(observation)) {
      Thread.onSpinWait();
    }
  }

  /** Writes every window that has closed by the clock and forgets it; returns how many policy windows were written. */
  public int flush() {
    Instant now = clock.instant();
    List<WindowSummary> closed = new ArrayList<>();
    for (WindowKey key : List.copyOf(windows.keySet())) {
      Instant end = key.start().plus(length());
      if (!end.isAfter(now)) {
        WindowTally tally = windows.remove(key);
        if (tally != null) {
          closed.add(tally.close(key, end));
        }
      }
    }
    List<CallerWindow> closedCallers = new ArrayList<>();
    for (CallerKey key : List.copyOf(callers.keySet())) {
      if (!key.start().plus(length()).isAfter(now)) {
        CallerTally tally = callers.remove(key);
        if (tally != null) {
          closedCallers.add(tally.close(key.start(), key.caller()));
        }
      }
    }
    store.write(closed, closedCallers);
    return closed.size();
  }

  public Duration length() {
    return settings.length();
  }

  /** The start of the window an instant falls in. */
  public Instant windowStart(Instant at) {
    long millis = length().toMillis();
    return Instant.ofEpochMilli(Math.floorDiv(at.toEpochMilli(), millis) * millis);
  }
}
