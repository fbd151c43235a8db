package dev.assay.trainer.run;

/**
 * What an ML engineer asks to train. Every field but the snapshot is optional (null); defaults follow
 * {@code TrainingConfig}'s (TRL-like) defaults, and the featurizer defaults to the configured one. The
 * REST API checks the ranges of what clients send ({@code run.api.TrainingRunRequest}); {@code
 * TrainingConfig} checks what it builds.
 */
public record RunRequest(
    Long snapshotId,
    String kind,
    String featurizer,
    Integer hiddenSize,
    Integer epochs,
    Integer batchSize,
    Float learningRate,
    Float weightDecay,
    Boolean useMargin,
    Float centeringCoefficient,
    Integer earlyStoppingPatience,
    Integer seed) {}
