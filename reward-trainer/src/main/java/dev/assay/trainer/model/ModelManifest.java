package dev.assay.trainer.model;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code model.json}: everything needed to rebuild and trust a saved model besides its weights.
 *
 * <p>The training configuration and the evaluation report are kept as JSON trees written by the
 * training and evaluation packages: scoring needs neither, and this package does not depend on them.
 *
 * @param formatVersion layout version of the model directory; loading rejects any other
 * @param kind reward or preference model
 * @param featurizer the featurizer spec, rebuilt with {@code Featurizers.create} at load
 * @param featureDimension the featurizer's output width the head was trained on
 * @param hiddenSize the head's hidden width (0: linear)
 * @param rewardMean mean raw reward over the training responses, for z-scores
 * @param rewardStd standard deviation of raw rewards over the training responses
 * @param tieLogit Davidson's log tie parameter θ for a preference model, null for a reward model
 * @param parametersSha256 SHA-256 of the parameters file, checked before reading it
 * @param dataHash SHA-256 over the training pairs, identifying the data snapshot
 * @param trainingPairs number of pairs trained on
 * @param trainingConfig the training configuration
 * @param evaluation the evaluation report on held-out data, or null
 * @param fineTunedEncoder whether the parameters hold the sentence encoder named by {@code featurizer},
 *     fine-tuned with the head, instead of the head alone on that featurizer's fixed features (absent in
 *     earlier manifests: false)
 */
public record ModelManifest(
    int formatVersion,
    ModelKind kind,
    String featurizer,
    int featureDimension,
    int hiddenSize,
    double rewardMean,
    double rewardStd,
    Double tieLogit,
    String parametersSha256,
    String dataHash,
    int trainingPairs,
    JsonNode trainingConfig,
    JsonNode evaluation,
    boolean fineTunedEncoder) {

  public static final int FORMAT_VERSION = 1;

  public ModelManifest withEvaluation(JsonNode report) {
    return new ModelManifest(
        formatVersion, kind, featurizer, featureDimension, hiddenSize, rewardMean, rewardStd, tieLogit,
        parametersSha256, dataHash, trainingPairs, trainingConfig, report, fineTunedEncoder);
  }

  ModelManifest withParametersSha256(String sha256) {
    return new ModelManifest(
        formatVersion, kind, featurizer, featureDimension, hiddenSize, rewardMean, rewardStd, tieLogit,
        sha256, dataHash, trainingPairs, trainingConfig, evaluation, fineTunedEncoder);
  }
}
