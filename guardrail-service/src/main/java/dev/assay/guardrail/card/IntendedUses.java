package dev.assay.guardrail.card;

import dev.assay.trainer.model.ModelKind;
import java.util.List;

/** What each kind of model is for and not for: the part of a card that follows from the kind alone. */
final class IntendedUses {
  private IntendedUses() {}

  static String of(ModelKind kind) {
    return switch (kind) {
      case REWARD -> "Scores a response to a conversation with one number (normalised by the training mean and"
          + " spread) so that responses people prefer score higher: ranking candidate responses (best-of-n),"
          + " the reward signal of RLHF fine-tuning, building preference datasets, and the reward check of a"
          + " guardrail policy at a threshold calibrated for this version.";
      case PREFERENCE -> "Predicts which of two responses to the same conversation people prefer, and how likely"
          + " they are to call it a tie: comparing model outputs pairwise, leaderboards, and filtering preference"
          + " data before training.";
      case CLASSIFIER -> "Assigns a text one of the classes it was trained on, with calibrated probabilities: the"
          + " classifier check of a guardrail policy (a prompt-attack or harmful-content detector) at a threshold"
          + " calibrated for this version, and triage of texts for human review.";
    };
  }

  static List<String> outOfScope(ModelKind kind) {
    List<String> common = List.of(
        "Conversations, languages or domains unlike its training data: its evaluation says nothing about them.",
        "The only safeguard for a decision with legal, medical or safety consequences: a person reviews those.");
    return switch (kind) {
      case REWARD -> concat(common,
          "Deciding alone whether a response is safe or true: a reward ranks responses, it does not certify them.",
          "Comparing scores across model versions: each version has its own normalisation and thresholds.");
      case PREFERENCE -> concat(common,
          "Absolute quality judgements of a single response: it only compares two.");
      case CLASSIFIER -> concat(common,
          "Classes it was not trained on, or thresholds calibrated for another version.",
          "Judging people rather than texts.");
    };
  }

  private static List<String> concat(List<String> first, String... more) {
    return java.util.stream.Stream.concat(first.stream(), java.util.Arrays.stream(more)).toList();
  }
}
