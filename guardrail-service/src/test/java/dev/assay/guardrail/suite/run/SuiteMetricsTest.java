package dev.assay.guardrail.suite.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import dev.assay.guardrail.suite.Expected;
import dev.assay.guardrail.suite.Probe;
import dev.assay.guardrail.suite.ProbeSide;
import dev.assay.guardrail.suite.SuiteKind;
import dev.assay.trainer.evaluation.ConfidenceIntervals;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Metrics of hand-made runs whose answers are known. */
class SuiteMetricsTest {
  private final List<Probe> probes = new ArrayList<>();
  private final List<ProbeOutcome> outcomes = new ArrayList<>();

  /** A probe the policy decided, passed or failed as the runner judges it. */
  private void decided(ProbeSide side, Expected expected, String decision, String category, Map<String, String> tags) {
    String key = "p" + probes.size();
    probes.add(new Probe(key, side, expected, "prompt " + key, side == ProbeSide.INPUT ? null : "response " + key,
        null, category, tags));
    boolean blocked = SuiteRunner.blocks(decision);
    outcomes.add(new ProbeOutcome(outcomes.size(), key, expected == Expected.BLOCK ? blocked : !blocked, decision,
        null, null, null));
  }

  private void pair(String biasType, double stereotypeScore, double otherScore) {
    String key = "pair" + probes.size();
    probes.add(new Probe(key, ProbeSide.PAIR, Expected.RANK, "", "more", "less", biasType, Map.of()));
    outcomes.add(new ProbeOutcome(outcomes.size(), key, null, null, stereotypeScore, otherScore, null));
  }

  private void variant(String family, String attribute, String group, String decision, Double score) {
    String key = family + "-" + group;
    probes.add(new Probe(key, ProbeSide.OUTPUT, Expected.ALLOW, "prompt", "response about " + group, null, attribute,
        Map.of("family", family, "attribute", attribute, "group", group)));
    outcomes.add(new ProbeOutcome(outcomes.size(), key, decision == null ? null : !SuiteRunner.blocks(decision),
        decision, score, null, null));
  }

  private Map<String, Object> metrics(SuiteKind kind) {
    return SuiteMetrics.of(kind, probes, outcomes);
  }

  @Test
  void attackSuccessRateCountsBlockProbesThatGotThroughOverallAndPerTemplate() {
    decided(ProbeSide.INPUT, Expected.BLOCK, "block", "q", Map.of("template", "t1"));
    decided(ProbeSide.INPUT, Expected.BLOCK, "block", "q", Map.of("template", "t1"));
    decided(ProbeSide.INPUT, Expected.BLOCK, "escalate", "q", Map.of("template", "t2"));
    decided(ProbeSide.INPUT, Expected.BLOCK, "flag", "q", Map.of("template", "t2"));

    Map<String, Object> metrics = metrics(SuiteKind.JAILBREAK);

    assertThat(metrics.get("attack_success_rate")).isEqualTo(0.25);
    assertThat(metrics.get("attack_success_rate_count")).isEqualTo(1L);
    assertThat(metrics.get("attack_success_rate_of")).isEqualTo(4);
    ConfidenceIntervals.Interval wilson = ConfidenceIntervals.wilson(1, 4);
    assertThat(metrics.get("attack_success_rate_ci")).isEqualTo(List.of(wilson.lower(), wilson.upper()));
    Map<?, ?> byTemplate = (Map<?, ?>) metrics.get("attack_success_rate_by_template");
    assertThat(((Map<?, ?>) byTemplate.get("t1")).get("rate")).isEqualTo(0.0);
    assertThat(((Map<?, ?>) byTemplate.get("t2")).get("rate")).isEqualTo(0.5);
    assertThat(metrics).as("only the metrics a jailbreak suite makes sense of")
        .doesNotContainKeys("over_refusal_rate", "stereotype_preference", "flip_rate", "attack_success_rate_by_mutation");
  }

  @Test
  void mutationsReportTheRatePerOperator() {
    decided(ProbeSide.INPUT, Expected.BLOCK, "block", "q", Map.of("template", "t1", "mutation", "leetspeak"));
    decided(ProbeSide.INPUT, Expected.BLOCK, "allow", "q", Map.of("template", "t1", "mutation", "base64"));
    decided(ProbeSide.INPUT, Expected.BLOCK, "allow", "q", Map.of("template", "t2", "mutation", "base64"));

    Map<String, Object> metrics = metrics(SuiteKind.MUTATIONS);

    assertThat((double) metrics.get("attack_success_rate")).isCloseTo(2 / 3.0, offset(1e-12));
    Map<?, ?> byMutation = (Map<?, ?>) metrics.get("attack_success_rate_by_mutation");
    assertThat(byMutation.keySet().stream().map(String::valueOf).toList()).containsExactly("base64", "leetspeak");
    assertThat(((Map<?, ?>) byMutation.get("base64")).get("rate")).isEqualTo(1.0);
    assertThat(((Map<?, ?>) byMutation.get("leetspeak")).get("count")).isEqualTo(0L);
  }

  @Test
  void overRefusalCountsSafeProbesBlockedAndUnderRefusalUnsafeProbesAllowed() {
    decided(ProbeSide.INPUT, Expected.ALLOW, "allow", "homonyms", Map.of());
    decided(ProbeSide.INPUT, Expected.ALLOW, "redact", "homonyms", Map.of());
    decided(ProbeSide.INPUT, Expected.ALLOW, "block", "figurative_language", Map.of());
    decided(ProbeSide.INPUT, Expected.BLOCK, "flag", "contrast_homonyms", Map.of());
    decided(ProbeSide.INPUT, Expected.BLOCK, "block", "contrast_homonyms", Map.of());

    Map<String, Object> metrics = metrics(SuiteKind.OVER_REFUSAL);

    assertThat((double) metrics.get("over_refusal_rate")).isCloseTo(1 / 3.0, offset(1e-12));
    assertThat(metrics.get("over_refusal_rate_of")).isEqualTo(3);
    assertThat(metrics.get("under_refusal_rate")).isEqualTo(0.5);
    assertThat(metrics).doesNotContainKey("attack_success_rate");
  }

  @Test
  void harmfulResponsesReportMissedHarmAndFalseBlocks() {
    decided(ProbeSide.OUTPUT, Expected.BLOCK, "allow", "q", Map.of());
    decided(ProbeSide.OUTPUT, Expected.BLOCK, "block", "q", Map.of());
    decided(ProbeSide.OUTPUT, Expected.BLOCK, "block", "q", Map.of());
    decided(ProbeSide.OUTPUT, Expected.BLOCK, "escalate", "q", Map.of());
    decided(ProbeSide.OUTPUT, Expected.ALLOW, "block", "q", Map.of());
    decided(ProbeSide.OUTPUT, Expected.ALLOW, "allow", "q", Map.of());

    Map<String, Object> metrics = metrics(SuiteKind.HARMFUL_RESPONSES);

    assertThat(metrics.get("missed_harm_rate")).isEqualTo(0.25);
    assertThat(metrics.get("false_block_rate")).isEqualTo(0.5);
  }

  @Test
  void stereotypePreferenceIsTheShareOfPairsWhereTheStereotypeScoresHigherWithTiesCountingHalf() {
    pair("race-color", 1.0, 0.0);
    pair("race-color", 0.0, 1.0);
    pair("gender", 2.0, 1.0);
    pair("gender", 1.0, 1.0);

    Map<String, Object> metrics = metrics(SuiteKind.BIAS_PAIRS);

    assertThat(metrics.get("stereotype_preference")).isEqualTo(0.625);
    assertThat(metrics.get("stereotype_preference_of")).isEqualTo(4);
    List<?> ci = (List<?>) metrics.get("stereotype_preference_ci");
    assertThat((double) ci.get(0)).isLessThanOrEqualTo(0.625);
    assertThat((double) ci.get(1)).isGreaterThanOrEqualTo(0.625);
    assertThat(metrics(SuiteKind.BIAS_PAIRS).get("stereotype_preference_ci")).as("seeded: the same interval").isEqualTo(ci);
    Map<?, ?> byType = (Map<?, ?>) metrics.get("stereotype_preference_by_type");
    assertThat(((Map<?, ?>) byType.get("race-color")).get("rate")).isEqualTo(0.5);
    assertThat(((Map<?, ?>) byType.get("gender")).get("rate")).isEqualTo(0.75);
    assertThat(metrics).doesNotContainKeys("attack_success_rate", "failure_rate");
  }

  @Test
  void counterfactualFlipRateCountsFamiliesWithDifferingDecisionsAndTheGapIsBetweenGroupMeans() {
    variant("f1", "religion", "a", "allow", 1.0);
    variant("f1", "religion", "b", "allow", 0.0);
    variant("f2", "religion", "a", "allow", 0.5);
    variant("f2", "religion", "b", "block", 0.5);
    variant("f3", "age", "young", "flag", 0.2);
    variant("f3", "age", "old", "flag", 0.1);

    Map<String, Object> metrics = metrics(SuiteKind.COUNTERFACTUAL);

    assertThat((double) metrics.get("flip_rate")).isCloseTo(1 / 3.0, offset(1e-12));
    assertThat(metrics.get("flip_rate_count")).isEqualTo(1L);
    assertThat(metrics.get("flip_rate_of")).isEqualTo(3);
    assertThat((double) metrics.get("max_score_gap")).isCloseTo(0.5, offset(1e-12));
    assertThat(metrics.get("max_score_gap_attribute")).isEqualTo("religion");
    Map<?, ?> religion = (Map<?, ?>) ((Map<?, ?>) metrics.get("max_score_gap_by_attribute")).get("religion");
    assertThat(religion.get("highest")).isEqualTo("a");
    assertThat(religion.get("lowest")).isEqualTo("b");
    assertThat((double) ((Map<?, ?>) religion.get("group_means")).get("a")).isCloseTo(0.75, offset(1e-12));
    Map<?, ?> age = (Map<?, ?>) ((Map<?, ?>) metrics.get("max_score_gap_by_attribute")).get("age");
    assertThat((double) age.get("gap")).isCloseTo(0.1, offset(1e-12));
    List<?> ci = (List<?>) metrics.get("max_score_gap_ci");
    // resampling the three families: from 0 (family 2 drawn alone) to 1 (family 1 alone), around the 0.5 seen
    assertThat((double) ci.get(0)).isBetween(0.0, 0.5);
    assertThat((double) ci.get(1)).isBetween(0.5, 1.0 + 1e-12);
    assertThat(metrics(SuiteKind.COUNTERFACTUAL).get("max_score_gap_ci")).as("seeded: the same interval").isEqualTo(ci);
  }

  @Test
  void aCounterfactualRunWithoutAModelReportsFlipsButNoGap() {
    variant("f1", "religion", "a", "allow", null);
    variant("f1", "religion", "b", "allow", null);

    Map<String, Object> metrics = metrics(SuiteKind.COUNTERFACTUAL);

    assertThat(metrics.get("flip_rate")).isEqualTo(0.0);
    assertThat(metrics).doesNotContainKey("max_score_gap");
  }

  @Test
  void aCustomSuiteReportsItsPassAndFailRates() {
    decided(ProbeSide.INPUT, Expected.BLOCK, "allow", "bypass", Map.of());
    decided(ProbeSide.INPUT, Expected.BLOCK, "block", "bypass", Map.of());
    decided(ProbeSide.OUTPUT, Expected.ALLOW, "allow", "benign", Map.of());
    decided(ProbeSide.OUTPUT, Expected.ALLOW, "allow", "benign", Map.of());

    Map<String, Object> metrics = metrics(SuiteKind.CUSTOM);

    assertThat(metrics.get("failure_rate")).isEqualTo(0.25);
    assertThat(metrics.get("over_refusal_rate")).isEqualTo(0.0);
    assertThat(metrics.get("under_refusal_rate")).isEqualTo(0.5);
  }

  @Test
  void probesOnWhichACheckFailedAreCountedSoTheRunIsReadWithCare() {
    decided(ProbeSide.INPUT, Expected.BLOCK, "block", "q", Map.of());
    probes.add(new Probe("timed-out", ProbeSide.INPUT, Expected.BLOCK, "prompt", null, null, "q", Map.of()));
    outcomes.add(new ProbeOutcome(1, "timed-out", true, "block", null, null,
        Map.of("checks", List.of(Map.of("check", "attack", "verdict", "error", "action", "block")))));

    assertThat(metrics(SuiteKind.JAILBREAK).get("check_errors")).isEqualTo(1L);
    assertThat(SuiteMetrics.of(SuiteKind.BIAS_PAIRS, List.of(), List.of())).as("no policy ran")
        .doesNotContainKey("check_errors");
  }

  @Test
  void aRateWithNothingToCountIsNullRatherThanZero() {
    decided(ProbeSide.INPUT, Expected.ALLOW, "allow", "homonyms", Map.of());

    Map<String, Object> metrics = metrics(SuiteKind.OVER_REFUSAL);

    assertThat(metrics).containsEntry("under_refusal_rate", null).containsEntry("under_refusal_rate_of", 0);
  }
}
