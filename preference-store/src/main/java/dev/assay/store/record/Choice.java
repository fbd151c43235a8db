package dev.assay.store.record;

/** The outcome of one judgement of a pair: response A, response B, a tie, or both unacceptable. */
public enum Choice {
  A,
  B,
  TIE,
  BOTH_BAD;

  public Choice swapped() {
    return switch (this) {
      case A -> B;
      case B -> A;
      default -> this;
    };
  }
}
