package dev.assay.ui.views.safety;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.guardrail.monitoring.alert.AlertRule;
import dev.assay.guardrail.monitoring.overview.Overview;
import dev.assay.guardrail.monitoring.overview.Overview.DecisionRate;
import dev.assay.ui.components.SvgChart.Series;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class SafetyFiguresTest {
  private static final Instant FROM = Instant.parse("2026-12-09T06:00:00Z");

  private static Overview overview(List<DecisionRate> rates) {
    return new Overview(FROM, FROM.plusSeconds(4 * 3600), 3600, null, rates, List.of(), List.of(), List.of(), List.of(),
        List.of());
  }

  @Test
  void everyBucketOfTheRangeIsOnTheAxisAndActionsStackFromAllowToBlock() {
    Overview overview = overview(List.of(
        new DecisionRate(FROM.plusSeconds(3600), "bot", "block", 2),
        new DecisionRate(FROM.plusSeconds(3600), "shop", "block", 1),
        new DecisionRate(FROM, "bot", "allow", 5),
        new DecisionRate(FROM.plusSeconds(3 * 3600), "bot", "flag", 1)));
    SafetyFigures.Buckets buckets = SafetyFigures.buckets(overview, ZoneOffset.UTC);

    assertThat(buckets.labels()).containsExactly("06:00", "07:00", "08:00", "09:00");
    List<Series> series = SafetyFigures.decisionsByAction(overview, buckets);
    assertThat(series).extracting(Series::name).containsExactly("allow", "flag", "block");
    assertThat(series.get(2).values()).containsExactly(0.0, 3.0, 0.0, 0.0);
    assertThat(series.get(0).values()).containsExactly(5.0, 0.0, 0.0, 0.0);
  }

  @Test
  void theHeldShareIsPerPolicyAndZeroWhereAPolicyDecidedNothing() {
    Overview overview = overview(List.of(
        new DecisionRate(FROM, "bot", "allow", 3),
        new DecisionRate(FROM, "bot", "block", 1),
        new DecisionRate(FROM.plusSeconds(7200), "shop", "allow", 2)));
    List<Series> held = SafetyFigures.heldPercentByPolicy(overview, SafetyFigures.buckets(overview, ZoneOffset.UTC));

    assertThat(held).extracting(Series::name).containsExactly("bot", "shop");
    assertThat(held.get(0).values()).containsExactly(25.0, 0.0, 0.0, 0.0);
    assertThat(held.get(1).values()).containsExactly(0.0, 0.0, 0.0, 0.0);
  }

  @Test
  void aGaugeAlarmsAtTheLowestEnabledRuleForItsPolicyElseAtTheUsualLevel() {
    AlertRule everyPolicy = rule(AlertRule.PSI, null, 0.3);
    AlertRule bot = rule(AlertRule.PSI, "bot", 0.15);
    AlertRule ks = rule(AlertRule.KS, "bot", 0.05);
    List<AlertRule> rules = List.of(everyPolicy, bot, ks);

    assertThat(SafetyFigures.alarm(rules, AlertRule.PSI, "bot", 0.25)).isEqualTo(0.15);
    assertThat(SafetyFigures.alarm(rules, AlertRule.PSI, "shop", 0.25)).isEqualTo(0.3);
    assertThat(SafetyFigures.alarm(List.of(), AlertRule.PSI, "shop", 0.25)).isEqualTo(0.25);
    assertThat(SafetyFigures.warn(0.25, 0.1)).isEqualTo(0.1);
    assertThat(SafetyFigures.warn(0.05, 0.1)).as("a rule stricter than the usual warning").isEqualTo(0.025);
  }

  private static AlertRule rule(String statistic, String policy, double threshold) {
    AlertRule rule = new AlertRule();
    rule.statistic = statistic;
    rule.policy = policy;
    rule.threshold = threshold;
    return rule;
  }
}
