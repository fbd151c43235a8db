package dev.assay.guardrail.rules;

/**
 * A regular expression ran out of its step budget (catastrophic backtracking on this text). The
 * check has no verdict; the policy's fail-open or fail-closed setting decides.
 */
public final class RuleTimeoutException extends RuntimeException {

  private final String rule;
  private final int patternIndex;

  public RuleTimeoutException(String rule, int patternIndex, long steps) {
    super("rule '" + rule + "' pattern " + patternIndex + " gave up after " + steps
        + " steps (catastrophic backtracking)");
    this.rule = rule;
    this.patternIndex = patternIndex;
  }

  public String rule() {
    return rule;
  }

  public int patternIndex() {
    return patternIndex;
  }
}
