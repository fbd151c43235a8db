package dev.assay.guardrail.rules;

/**
 * A text that counts how often the regex engine reads it and gives up past a budget. Java's regex
 * engine backtracks without bound ("(a+)+b" on a long run of a's); every backtracking step reads a
 * character, so the count bounds the work. One instance per search: not thread-safe.
 */
final class StepBudget implements CharSequence {

  /** Thrown out of the regex engine when the budget is spent. */
  static final class Exhausted extends RuntimeException {
    Exhausted() {
      super(null, null, false, false);
    }
  }

  private final String text;
  private final long budget;
  private long steps;

  StepBudget(String text, long budget) {
    this.text = text;
    this.budget = budget;
  }

  long steps() {
    return steps;
  }

  @Override
  public char charAt(int index) {
    if (++steps > budget) {
      throw new Exhausted();
    }
    return text.charAt(index);
  }

  @Override
  public int length() {
    return text.length();
  }

  @Override
  public CharSequence subSequence(int start, int end) {
    return text.substring(start, end);
  }

  @Override
  public String toString() {
    return text;
  }
}
