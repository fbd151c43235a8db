package dev.assay.guardrail.monitoring.evaluation;

import dev.assay.guardrail.decision.DecisionMade;
import dev.assay.guardrail.monitoring.alert.AlertRule;
import dev.assay.guardrail.monitoring.alert.Signal;
import dev.assay.guardrail.monitoring.stats.DriftStatistics;
import dev.assay.guardrail.monitoring.window.Histogram;
import dev.assay.guardrail.monitoring.window.WindowKey;
import dev.assay.guardrail.monitoring.window.WindowSettings;
import dev.assay.guardrail.monitoring.window.WindowStore;
import dev.assay.guardrail.monitoring.window.WindowSummary;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Score drift and OOD share of one window. Drift compares each scored check's histogram (per policy version,
 * cohort and model version) with its reference: the first {@code baseline-windows} windows that score had (its
 * baseline), the windows of the rule's reference range, or, for the canary cohort, production's same window.
 */
@ApplicationScoped
class DriftSignals {
  private record Reference(Histogram histogram, String description) {}

  private final WindowStore store;
  private final WindowSettings settings;

  DriftSignals(WindowStore store, WindowSettings settings) {
    this.store = store;
    this.settings = settings;
  }

  List<Signal> signals(Instant start, List<AlertRule> rules) {
    List<WindowSummary> current = store.windows(null, null, start, start.plus(settings.length()));
    Map<String, Optional<Reference>> references = new HashMap<>();
    List<Signal> signals = new ArrayList<>();
    for (AlertRule rule : rules) {
      for (WindowSummary window : current) {
        if (rule.policy != null && !rule.policy.equals(window.key().policy())) {
          continue;
        }
        if (AlertRule.OOD.equals(rule.kind) && window.oodScored() >= rule.minSamples) {
          signals.add(ood(rule, window));
        } else if (AlertRule.DRIFT.equals(rule.kind)) {
          window.histograms().forEach((score, histogram) -> {
            if (histogram.total() < rule.minSamples) {
              return;
            }
            String cacheKey = rule.referenceFrom + "|" + rule.referenceTo + "|" + window.key() + "|" + score;
            references.computeIfAbsent(cacheKey, k -> reference(rule, window, score, current))
                .filter(reference -> reference.histogram().total() >= rule.minSamples)
                .ifPresent(reference -> signals.add(drift(rule, window, score, histogram, reference)));
          });
        }
      }
    }
    return signals;
  }

  private Signal ood(AlertRule rule, WindowSummary window) {
    double share = window.oodShare();
    boolean breached = share > rule.threshold;
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("policy", window.key().policy());
    labels.put("policy_version", String.valueOf(window.key().policyVersion()));
    labels.put("cohort", window.key().cohort());
    String summary = String.format(Locale.ROOT, "OOD share of %s v%d (%s): %d of %d requests (%.3f) above the OOD"
            + " threshold, %s %.3f", window.key().policy(), window.key().policyVersion(), window.key().cohort(),
        window.oodAbove(), window.oodScored(), share, breached ? "above" : "within", rule.threshold);
    return new Signal(rule, subject(window), labels, share, breached, summary);
  }

  private Signal drift(AlertRule rule, WindowSummary window, String score, Histogram histogram, Reference reference) {
    double value = AlertRule.PSI.equals(rule.statistic)
        ? DriftStatistics.psi(reference.histogram().counts(), histogram.counts())
        : DriftStatistics.ks(reference.histogram().counts(), histogram.counts());
    boolean breached = value > rule.threshold;
    String check = score.substring(0, score.lastIndexOf('@'));
    String model = score.substring(score.lastIndexOf('@') + 1);
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("policy", window.key().policy());
    labels.put("policy_version", String.valueOf(window.key().policyVersion()));
    labels.put("model_version", model);
    labels.put("cohort", window.key().cohort());
    labels.put("check", check);
    String summary = String.format(Locale.ROOT, "%s of the %s score (model %s) of %s v%d (%s): %.3f over %d scores"
            + " against %s (%d scores), %s %.3f", rule.statistic.toUpperCase(Locale.ROOT), check, model,
        window.key().policy(), window.key().policyVersion(), window.key().cohort(), value, histogram.total(),
        reference.description(), reference.histogram().total(), breached ? "above" : "within", rule.threshold);
    return new Signal(rule, subject(window) + "/" + score, labels, value, breached, summary);
  }

  private Optional<Reference> reference(AlertRule rule, WindowSummary window, String score,
      List<WindowSummary> current) {
    if (DecisionMade.CANARY.equals(window.key().cohort())) {
      String check = score.substring(0, score.lastIndexOf('@') + 1);
      return merged(current.stream()
          .filter(w -> DecisionMade.PRODUCTION.equals(w.key().cohort())
              && w.key().policy().equals(window.key().policy()))
          .flatMap(w -> w.histograms().entrySet().stream().filter(e -> e.getKey().startsWith(check)))
          .map(Map.Entry::getValue).toList(), "production's same window");
    }
    if (rule.referenceFrom != null) {
      return merged(histograms(window, score, rule.referenceFrom, rule.referenceTo),
          "the windows from " + rule.referenceFrom + " to " + rule.referenceTo);
    }
    WindowKey key = window.key();
    Instant first = store.firstWindow(key.policy(), key.policyVersion(), key.cohort(), score);
    if (first == null) {
      return Optional.empty();
    }
    Instant baselineEnd = first.plus(settings.length().multipliedBy(settings.baselineWindows()));
    if (window.key().start().isBefore(baselineEnd)) {
      return Optional.empty();
    }
    return merged(histograms(window, score, first, baselineEnd),
        "its baseline (" + settings.baselineWindows() + " windows from " + first + ")");
  }

  private List<Histogram> histograms(WindowSummary window, String score, Instant from, Instant to) {
    return store.windows(window.key().policy(), window.key().cohort(), from, to).stream()
        .filter(w -> w.key().policyVersion() == window.key().policyVersion() && w.histograms().containsKey(score))
        .map(w -> w.histograms().get(score)).toList();
  }

  private static Optional<Reference> merged(List<Histogram> histograms, String description) {
    return histograms.stream().reduce(Histogram::plus).map(h -> new Reference(h, description));
  }

  private static String subject(WindowSummary window) {
    return window.key().policy() + "/v" + window.key().policyVersion() + "/" + window.key().cohort();
  }
}
