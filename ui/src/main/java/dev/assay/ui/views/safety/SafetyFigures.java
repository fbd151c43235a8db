package dev.assay.ui.views.safety;

import dev.assay.guardrail.monitoring.alert.AlertRule;
import dev.assay.guardrail.monitoring.overview.Overview;
import dev.assay.guardrail.monitoring.overview.Overview.DecisionRate;
import dev.assay.ui.components.SvgChart.Datum;
import dev.assay.ui.components.SvgChart.Series;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The overview's figures shaped for the dashboard's charts: one value per time bucket, series in a stable order. */
final class SafetyFigures {
  /** Actions from the mildest to the strictest: the order of the stacks. */
  static final List<String> ACTIONS = List.of("allow", "redact", "flag", "escalate", "block");
  /** PSI: about 0.1 is a small shift, 0.25 a large one. */
  static final double PSI_WARN = 0.1;
  static final double PSI_ALARM = 0.25;
  static final double KS_WARN = 0.1;
  static final double KS_ALARM = 0.2;
  static final double OOD_WARN = 0.05;
  static final double OOD_ALARM = 0.1;

  /** The x axis: the start of every bucket in the range, the labels and the bucket index of each instant. */
  record Buckets(List<String> labels, Instant from, Duration width) {
    int indexOf(Instant bucket) {
      return (int) Duration.between(from, bucket).dividedBy(width);
    }

    List<Double> zeros() {
      return new ArrayList<>(java.util.Collections.nCopies(labels.size(), 0.0));
    }
  }

  private SafetyFigures() {}

  static Buckets buckets(Overview overview, ZoneId zone) {
    Duration width = Duration.ofSeconds(overview.bucketSeconds());
    Duration range = Duration.between(overview.from(), overview.to());
    DateTimeFormatter format = DateTimeFormatter.ofPattern(range.compareTo(Duration.ofDays(2)) > 0 ? "d MMM HH:mm"
        : "HH:mm").withZone(zone);
    List<String> labels = new ArrayList<>();
    for (Instant at = overview.from(); at.isBefore(overview.to()); at = at.plus(width)) {
      labels.add(format.format(at));
    }
    return new Buckets(labels, overview.from(), width);
  }

  /** Decisions per bucket, one series per action that occurred, every policy added up. */
  static List<Series> decisionsByAction(Overview overview, Buckets buckets) {
    Map<String, List<Double>> byAction = new HashMap<>();
    for (DecisionRate rate : overview.rates()) {
      List<Double> values = byAction.computeIfAbsent(rate.decision(), a -> buckets.zeros());
      int at = buckets.indexOf(rate.bucket());
      values.set(at, values.get(at) + rate.count());
    }
    List<Series> series = new ArrayList<>();
    Set<String> order = new LinkedHashSet<>(ACTIONS);
    order.addAll(new TreeSet<>(byAction.keySet()));
    for (String action : order) {
      if (byAction.containsKey(action)) {
        series.add(new Series(action, byAction.get(action)));
      }
    }
    return series;
  }

  /** Per policy, the percent of its decisions in each bucket that were not a plain allow (0 where it had none). */
  static List<Series> heldPercentByPolicy(Overview overview, Buckets buckets) {
    Map<String, List<Double>> all = new java.util.TreeMap<>();
    Map<String, List<Double>> held = new HashMap<>();
    for (DecisionRate rate : overview.rates()) {
      int at = buckets.indexOf(rate.bucket());
      List<Double> total = all.computeIfAbsent(rate.policy(), p -> buckets.zeros());
      total.set(at, total.get(at) + rate.count());
      if (!"allow".equals(rate.decision())) {
        List<Double> h = held.computeIfAbsent(rate.policy(), p -> buckets.zeros());
        h.set(at, h.get(at) + rate.count());
      }
    }
    List<Series> series = new ArrayList<>();
    all.forEach((policy, total) -> {
      List<Double> h = held.getOrDefault(policy, buckets.zeros());
      List<Double> percent = new ArrayList<>();
      for (int i = 0; i < total.size(); i++) {
        percent.add(total.get(i) == 0 ? 0 : 100 * h.get(i) / total.get(i));
      }
      series.add(new Series(policy, percent));
    });
    return series;
  }

  static List<Datum> topChecks(Overview overview) {
    return overview.topChecks().stream()
        .map(c -> new Datum(c.check() + " (" + c.stage() + ", " + c.policy() + ")", c.hits())).toList();
  }

  /**
   * The alarm level of a gauge: the lowest threshold of the enabled rules on that statistic that watch the policy
   * (or every policy), else the usual level.
   */
  static double alarm(List<AlertRule> rules, String statistic, String policy, double usual) {
    return rules.stream()
        .filter(r -> statistic.equals(r.statistic) && (r.policy == null || r.policy.equals(policy)))
        .mapToDouble(r -> r.threshold).min().orElse(usual);
  }

  /** Warn at the usual warning level, or at half the alarm when a rule set the alarm below it. */
  static double warn(double alarm, double usualWarn) {
    return usualWarn < alarm ? usualWarn : alarm / 2;
  }
}
