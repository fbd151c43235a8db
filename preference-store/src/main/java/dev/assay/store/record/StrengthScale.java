package dev.assay.store.record;

/**
 * What a preference's {@code strength} means, by where the preference came from, and the margin (the
 * reward gap a trainer asks of the chosen response) it implies.
 */
public enum StrengthScale {
  /** A rater's 7-point scale: 1 = A much better, 4 = no preference, 7 = B much better. */
  SEVEN_POINT(4),
  /** An AI judge's AlpacaEval preference: 1 = A, 1.5 = tie, 2 = B. */
  ONE_TO_TWO(1.5),
  /** An imported file's own margin (TRL's {@code margin}), already a distance in favour of the chosen side. */
  MARGIN(0);

  private final double middle;

  StrengthScale(double middle) {
    this.middle = middle;
  }

  /** The scale of a stored preference's source (an ADJUDICATED label has no strength, so any scale gives null). */
  public static StrengthScale ofSource(String source) {
    return switch (source) {
      case "HUMAN" -> SEVEN_POINT;
      case "AI_JUDGE" -> ONE_TO_TWO;
      default -> MARGIN;
    };
  }

  /**
   * The distance from the scale's middle towards the chosen side: 0 for ties, both-bad and a strength that
   * leans the other way; null when the judgement has no strength.
   */
  public Double margin(Choice choice, Double strength) {
    if (strength == null) {
      return null;
    }
    double distance = switch (choice) {
      case A -> this == MARGIN ? strength : middle - strength;
      case B -> this == MARGIN ? strength : strength - middle;
      case TIE, BOTH_BAD -> 0;
    };
    return Math.max(0, distance);
  }
}
