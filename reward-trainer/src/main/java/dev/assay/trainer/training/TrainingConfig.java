package dev.assay.trainer.training;

import dev.assay.trainer.model.ModelKind;

/**
 * Settings of one training run, named after TRL's {@code RewardConfig} where TRL has the setting.
 * Only holds settings; {@link TrainingJob} acts on them. Same config + same data = same model.
 *
 * @param kind {@code REWARD} (Bradley-Terry, ties dropped) or {@code PREFERENCE} (Davidson, ties used)
 * @param featurizer featurizer spec ({@code hashed}, {@code minilm}, {@code bge}, {@code hashed+minilm}
 *     or a full spec); default {@code hashed}
 * @param hiddenSize width of the head's hidden layer; 0 makes the head linear. Default 64
 * @param epochs maximum passes over the training pairs ({@code num_train_epochs}); default 8
 * @param batchSize pairs per optimizer step ({@code per_device_train_batch_size}); default 32 (TRL 8:
 *     a small head on fixed features is stable with larger batches and faster per pair)
 * @param learningRate AdamW learning rate ({@code learning_rate}); default 1e-3 (TRL 5e-5 fine-tunes
 *     a transformer; this trains a small head from scratch)
 * @param weightDecay AdamW's decoupled weight decay ({@code weight_decay}); default 0.01 (TRL 0.0)
 * @param useMargin subtract each pair's margin (how far its judgement leans from the scale's middle) inside
 *     the loss (Llama 2); pairs without a strength get margin 0. Default false
 * @param centeringCoefficient {@code center_rewards_coefficient}: weight of mean((r_c + r_r)²);
 *     default 0.01 (TRL: off; 0.01 is the value its docs recommend)
 * @param earlyStoppingPatience stop after this many epochs without a lower validation loss, then
 *     keep the best epoch's weights; 0 disables. Default 2
 * @param validationFraction share of training prompts held out for validation when no validation
 *     set is given (split by prompt hash); 0 disables. Default 0.1
 * @param seed seeds the weight initialisation (PyTorch engine RNG) and the epoch shuffles; default 42
 * @param balanceClasses classifiers only: weight each example's loss by {@code N / (K · n_class)}, so
 *     that a rare class (hate speech among offensive tweets) counts as much as a common one. Default false
 * @param fineTune classifiers only: train the sentence encoder named by {@code featurizer} ({@code minilm}
 *     or {@code bge}) end to end with the head, instead of the head alone on its fixed embeddings. Then
 *     {@code learningRate} is the head's. Default false
 * @param encoderLearningRate the encoder's AdamW learning rate when fine-tuning; default 3e-5 (the
 *     usual rate for fine-tuning BERT-sized encoders; the head keeps {@code learningRate}). Ignored otherwise
 */
public record TrainingConfig(
    ModelKind kind,
    String featurizer,
    int hiddenSize,
    int epochs,
    int batchSize,
    float learningRate,
    float weightDecay,
    boolean useMargin,
    float centeringCoefficient,
    int earlyStoppingPatience,
    double validationFraction,
    int seed,
    boolean balanceClasses,
    boolean fineTune,
    float encoderLearningRate) {

  public TrainingConfig {
    if (kind == null || featurizer == null || featurizer.isBlank()) {
      throw new IllegalArgumentException("kind and featurizer are required");
    }
    if (hiddenSize < 0 || epochs < 1 || batchSize < 1 || learningRate <= 0 || weightDecay < 0) {
      throw new IllegalArgumentException("hiddenSize >= 0, epochs >= 1, batchSize >= 1, learningRate > 0 "
          + "and weightDecay >= 0 are required");
    }
    if (centeringCoefficient < 0 || earlyStoppingPatience < 0 || validationFraction < 0 || validationFraction >= 1) {
      throw new IllegalArgumentException(
          "centeringCoefficient >= 0, earlyStoppingPatience >= 0 and 0 <= validationFraction < 1 are required");
    }
    if (fineTune && (kind != ModelKind.CLASSIFIER || !(encoderLearningRate > 0))) {
      throw new IllegalArgumentException("fine-tuning is for classifiers only and needs encoderLearningRate > 0");
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder with this config's values. */
  public Builder toBuilder() {
    return new Builder()
        .optKind(kind)
        .optFeaturizer(featurizer)
        .optHiddenSize(hiddenSize)
        .optEpochs(epochs)
        .optBatchSize(batchSize)
        .optLearningRate(learningRate)
        .optWeightDecay(weightDecay)
        .optUseMargin(useMargin)
        .optCenteringCoefficient(centeringCoefficient)
        .optEarlyStoppingPatience(earlyStoppingPatience)
        .optValidationFraction(validationFraction)
        .optSeed(seed)
        .optBalanceClasses(balanceClasses)
        .optFineTune(fineTune)
        .optEncoderLearningRate(encoderLearningRate);
  }

  /** Every setting is optional; see the record's documentation for the defaults. */
  public static final class Builder {
    private ModelKind kind = ModelKind.REWARD;
    private String featurizer = "hashed";
    private int hiddenSize = 64;
    private int epochs = 8;
    private int batchSize = 32;
    private float learningRate = 1e-3f;
    private float weightDecay = 0.01f;
    private boolean useMargin;
    private float centeringCoefficient = 0.01f;
    private int earlyStoppingPatience = 2;
    private double validationFraction = 0.1;
    private int seed = 42;
    private boolean balanceClasses;
    private boolean fineTune;
    private float encoderLearningRate = 3e-5f;

    private Builder() {}

    public Builder optKind(ModelKind kind) {
      this.kind = kind;
      return this;
    }

    public Builder optFeaturizer(String featurizer) {
      this.featurizer = featurizer;
      return this;
    }

    public Builder optHiddenSize(int hiddenSize) {
      this.hiddenSize = hiddenSize;
      return this;
    }

    public Builder optEpochs(int epochs) {
      this.epochs = epochs;
      return this;
    }

    public Builder optBatchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    public Builder optLearningRate(float learningRate) {
      this.learningRate = learningRate;
      return this;
    }

    public Builder optWeightDecay(float weightDecay) {
      this.weightDecay = weightDecay;
      return this;
    }

    public Builder optUseMargin(boolean useMargin) {
      this.useMargin = useMargin;
      return this;
    }

    public Builder optCenteringCoefficient(float centeringCoefficient) {
      this.centeringCoefficient = centeringCoefficient;
      return this;
    }

    public Builder optEarlyStoppingPatience(int earlyStoppingPatience) {
      this.earlyStoppingPatience = earlyStoppingPatience;
      return this;
    }

    public Builder optValidationFraction(double validationFraction) {
      this.validationFraction = validationFraction;
      return this;
    }

    public Builder optSeed(int seed) {
      this.seed = seed;
      return this;
    }

    public Builder optBalanceClasses(boolean balanceClasses) {
      this.balanceClasses = balanceClasses;
      return this;
    }

    public Builder optFineTune(boolean fineTune) {
      this.fineTune = fineTune;
      return this;
    }

    public Builder optEncoderLearningRate(float encoderLearningRate) {
      this.encoderLearningRate = encoderLearningRate;
      return this;
    }

    public TrainingConfig build() {
      return new TrainingConfig(
          kind, featurizer, hiddenSize, epochs, batchSize, learningRate, weightDecay, useMargin,
          centeringCoefficient, earlyStoppingPatience, validationFraction, seed, balanceClasses, fineTune,
          encoderLearningRate);
    }
  }
}
