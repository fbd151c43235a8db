package dev.assay.guardrail.monitoring.evaluation;

import dev.assay.guardrail.monitoring.alert.AlertRule;
import dev.assay.guardrail.monitoring.alert.Signal;
import dev.assay.guardrail.monitoring.stats.Ewma;
import dev.assay.guardrail.monitoring.window.CallerWindow;
import dev.assay.guardrail.monitoring.window.WindowSettings;
import dev.assay.guardrail.monitoring.window.WindowStore;
import dev.assay.guardrail.monitoring.window.WindowSummary;
import dev.assay.guardrail.policy.document.PolicyDocument;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Bursts in the rates of block, flag, escalation and detector hits of one window, per policy and cohort and per
 * caller: the window's rate against the EWMA of the subject's earlier windows ({@code history} of them), as a
 * z-score. A policy needs {@value #WARM_UP} earlier windows before it is judged; a caller without history is
 * judged against a rate of 0, so a new key that starts by probing is caught in its first window.
 */
@ApplicationScoped
class AnomalySignals {
  static final int WARM_UP = 3;

  /** A subject's decisions and events (of one statistic's kind) in one window. */
  private record Tally(long decisions, long blocks, long flags, long escalations, long detectorHits) {
    long events(String statistic) {
      return switch (statistic) {
        case AlertRule.BLOCK_RATE -> blocks;
        case AlertRule.FLAG_RATE -> flags;
        case AlertRule.ESCALATION_RATE -> escalations;
        default -> detectorHits;
      };
    }

    Tally plus(Tally other) {
      return new Tally(decisions + other.decisions, blocks + other.blocks, flags + other.flags,
          escalations + other.escalations, detectorHits + other.detectorHits);
    }

    static Tally of(WindowSummary w) {
      return new Tally(w.decisions(), w.count(PolicyDocument.BLOCK), w.count(PolicyDocument.FLAG),
          w.count(PolicyDocument.ESCALATE), w.detectorHits());
    }

    static Tally of(CallerWindow c) {
      return new Tally(c.decisions(), c.blocks(), c.flags(), c.escalations(), c.detectorHits());
    }
  }

  private final WindowStore store;
  private final WindowSettings settings;

  AnomalySignals(WindowStore store, WindowSettings settings) {
    this.store = store;
    this.settings = settings;
  }

  List<Signal> signals(Instant start, List<AlertRule> rules) {
    Instant end = start.plus(settings.length());
    Instant historyStart = start.minus(settings.length().multipliedBy(settings.history()));
    List<AlertRule> anomalyRules = rules.stream().filter(r -> AlertRule.ANOMALY.equals(r.kind)).toList();
    if (anomalyRules.isEmpty()) {
      return List.of();
    }
    Map<String, TreeMap<Instant, Tally>> policies = new LinkedHashMap<>();
    for (WindowSummary w : store.windows(null, null, historyStart, end)) {
      policies.computeIfAbsent(w.key().policy() + "/" + w.key().cohort(), k -> new TreeMap<>())
          .merge(w.key().start(), Tally.of(w), Tally::plus);
    }
    Map<String, TreeMap<Instant, Tally>> callers = new LinkedHashMap<>();
    for (CallerWindow c : store.callers(null, historyStart, end)) {
      callers.computeIfAbsent(c.caller(), k -> new TreeMap<>()).merge(c.start(), Tally.of(c), Tally::plus);
    }
    List<Signal> signals = new ArrayList<>();
    for (AlertRule rule : anomalyRules) {
      boolean perCaller = AlertRule.CALLER_SCOPE.equals(rule.scope);
      (perCaller ? callers : policies).forEach((subject, series) -> {
        Tally now = series.get(start);
        if (now == null || (rule.policy != null && !perCaller && !subject.startsWith(rule.policy + "/"))) {
          return;
        }
        Ewma ewma = new Ewma(settings.ewmaAlpha());
        series.headMap(start).values().forEach(t -> ewma.update((double) t.events(rule.statistic) / t.decisions()));
        if (!perCaller && ewma.updates() < WARM_UP) {
          return;
        }
        signals.add(signal(rule, subject, perCaller, now, ewma));
      });
    }
    return signals;
  }

  private static Signal signal(AlertRule rule, String subject, boolean perCaller, Tally now, Ewma ewma) {
    long events = now.events(rule.statistic);
    double z = ewma.zScore(events, now.decisions());
    boolean breached = z > rule.threshold && events >= rule.minSamples;
    Map<String, String> labels = new LinkedHashMap<>();
    if (perCaller) {
      labels.put("caller", subject);
    } else {
      labels.put("policy", subject.substring(0, subject.lastIndexOf('/')));
      labels.put("cohort", subject.substring(subject.lastIndexOf('/') + 1));
    }
    String summary = String.format(Locale.ROOT, "%s of %s %s: %d of %d decisions (%.3f) against an EWMA of %.3f over"
            + " %d earlier windows: z = %.1f, %s %.1f (with at least %d events)", rule.statistic,
        perCaller ? "caller" : "policy", subject, events, now.decisions(), (double) events / now.decisions(),
        ewma.mean(), ewma.updates(), z, breached ? "above" : "not above", rule.threshold, rule.minSamples);
    return new Signal(rule, (perCaller ? "caller=" : "") + subject, labels, z, breached, summary);
  }
}
