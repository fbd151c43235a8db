package dev.assay.guardrail.suite.run;

import java.util.Map;

/**
 * What one probe of a run gave.
 *
 * @param ordinal the probe's position in its suite version
 * @param passed whether the policy did what the probe expects; null for rank probes (judged over the run)
 *     and for probes no part of the target could judge
 * @param decision the policy's decision, when a policy ran
 * @param score the model's normalised reward of the response (of the more stereotyping sentence of a pair)
 * @param scoreAlt the model's normalised reward of a pair's alternative
 * @param detail the checks that did not pass and every scored check (name, type, verdict, score), for the
 *     failure catalogue
 */
public record ProbeOutcome(
    int ordinal,
    String key,
    Boolean passed,
    String decision,
    Double score,
    Double scoreAlt,
    Map<String, Object> detail) {

  public boolean failed() {
    return Boolean.FALSE.equals(passed);
  }
}
