package dev.assay.trainer.run.api;

import dev.assay.trainer.run.RunRequest;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;

/**
 * What an ML engineer asks to train. Every field but the snapshot is optional; defaults follow
 * {@code TrainingConfig}'s (TRL-like) defaults, and the featurizer defaults to the configured one.
 */
public record TrainingRunRequest(
    @NotNull Long snapshotId,
    String kind,
    String featurizer,
    @PositiveOrZero Integer hiddenSize,
    @Positive @Max(1000) Integer epochs,
    @Positive @Max(65536) Integer batchSize,
    @Positive Float learningRate,
    @PositiveOrZero Float weightDecay,
    Boolean useMargin,
    @PositiveOrZero Float centeringCoefficient,
    @PositiveOrZero Integer earlyStoppingPatience,
    @Min(0) Integer seed) {

  RunRequest toRunRequest() {
    return new RunRequest(snapshotId, kind, featurizer, hiddenSize, epochs, batchSize, learningRate, weightDecay,
        useMargin, centeringCoefficient, earlyStoppingPatience, seed);
  }
}
