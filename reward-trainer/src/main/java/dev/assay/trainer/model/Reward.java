package dev.assay.trainer.model;

/**
 * The score of one response.
 *
 * @param raw the head's output; only differences between responses are meaningful
 * @param normalized the z-score against the rewards of the training responses, comparable across
 *     models
 */
public record Reward(double raw, double normalized) {}
