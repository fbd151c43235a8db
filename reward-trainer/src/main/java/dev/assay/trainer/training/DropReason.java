package dev.assay.trainer.training;

import java.util.Locale;

/** Why a record did not become a training pair; the lower-case name is the key in reports. */
public enum DropReason {
  /** The record could not be read (broken JSON, a missing field, a text over the import limits). */
  INVALID_RECORD,
  /** The judge rejected both responses: no preference between them to learn. */
  BOTH_BAD,
  /** A candidates record (no judgement), e.g. best-of-n outputs. */
  NO_CHOICE,
  /** A judgement over other than exactly two responses. */
  NOT_A_PAIR,
  /**
   * Both responses are the same text, yet one was preferred: the label is noise. (The same text
   * judged a tie is kept: it is exactly what teaches a preference model that equal rewards tie; the
   * AlpacaEval dev ties are all of this kind.)
   */
  IDENTICAL_RESPONSES,
  /** A tie given to a reward model, whose Bradley-Terry loss has no tie outcome. */
  TIE_IN_REWARD_MODEL;

  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }
}
