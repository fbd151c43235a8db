package dev.assay.guardrail.suite;

/**
 * Where a probe enters: the prompt alone ({@code input}), a response to a prompt ({@code output}), or a
 * pair of responses a reward model ranks ({@code pair}: bias pairs).
 */
public enum ProbeSide {
  INPUT,
  OUTPUT,
  PAIR
}
