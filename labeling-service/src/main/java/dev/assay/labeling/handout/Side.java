package dev.assay.labeling.handout;

import dev.assay.store.record.Choice;

/** A choice as the rater saw the pair: the left or the right response, a tie, or both bad. */
public enum Side {
  LEFT,
  RIGHT,
  TIE,
  BOTH_BAD;

  /** The canonical choice, given whether response A was shown on the left. */
  public Choice canonical(boolean aShownLeft) {
    return switch (this) {
      case LEFT -> aShownLeft ? Choice.A : Choice.B;
      case RIGHT -> aShownLeft ? Choice.B : Choice.A;
      case TIE -> Choice.TIE;
      case BOTH_BAD -> Choice.BOTH_BAD;
    };
  }

  public static Side seen(Choice choice, boolean aShownLeft) {
    return switch (choice) {
      case A -> aShownLeft ? LEFT : RIGHT;
      case B -> aShownLeft ? RIGHT : LEFT;
      case TIE -> TIE;
      case BOTH_BAD -> BOTH_BAD;
    };
  }
}
