package dev.assay.trainer.model;

/** What a trained model predicts. */
public enum ModelKind {
  /**
   * A scalar reward per response, trained with the Bradley-Terry loss on strict preferences; ties are
   * dropped and counted ("tie_in_reward_model"): a tie only says the two rewards are
   * close, and pulling them together would fight the margin on the pairs that do carry a preference.
   */
  REWARD,
  /**
   * P(A better), P(tie), P(B better) from the reward difference with Davidson's tie model, trained on
   * pairs including ties; its rewards are usable as a reward model too.
   */
  PREFERENCE,
  /**
   * P(class) for one text over a fixed set of labels (binary or multi-class), trained with softmax
   * cross-entropy and calibrated by a temperature fitted on the validation split.
   */
  CLASSIFIER
}
