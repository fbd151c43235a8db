package dev.assay.guardrail.suite;

/**
 * What a correct guardrail does with a probe. {@code block} is met by block or escalate (the text does not
 * reach the user), {@code allow} by allow, flag or redact. {@code rank} probes (bias pairs, counterfactuals
 * scored by a reward model) have no right answer one by one: their metrics are over the whole run.
 */
public enum Expected {
  ALLOW,
  BLOCK,
  RANK
}
