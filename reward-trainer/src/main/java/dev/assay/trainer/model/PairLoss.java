package dev.assay.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/**
 * A loss over the outputs of a {@link RewardNetwork} on pairs, with TRL's reward centering.
 *
 * <p>Predictions are (r_a, r_b[, θ]); labels are {@link #TIE} (1 for a tie, else 0, response A being
 * the chosen one) and {@link #MARGIN} (the required reward gap, 0 when margins are off). The
 * centering term {@code λ · mean((r_a + r_b)²)} ({@code center_rewards_coefficient} in TRL,
 * Eisenstein et al. 2023) keeps rewards near zero mean, since both losses see only differences.
 */
public abstract class PairLoss extends Loss {
  /** Index of the tie indicator in the labels. */
  public static final int TIE = 0;

  /** Index of the margin in the labels. */
  public static final int MARGIN = 1;

  private final float centeringCoefficient;

  protected PairLoss(String name, float centeringCoefficient) {
    super(name);
    this.centeringCoefficient = centeringCoefficient;
  }

  /** The loss for one kind of model; {@code ModelKind.REWARD} ignores ties (none are given to it). */
  public static PairLoss forKind(ModelKind kind, float centeringCoefficient) {
    return kind == ModelKind.REWARD
        ? new BradleyTerryLoss(centeringCoefficient)
        : new DavidsonLoss(centeringCoefficient);
  }

  @Override
  public final NDArray evaluate(NDList labels, NDList predictions) {
    NDArray rewardA = predictions.get(0);
    NDArray rewardB = predictions.get(1);
    NDArray loss = pairLoss(labels, predictions, rewardA.sub(rewardB));
    if (centeringCoefficient == 0) {
      return loss;
    }
    return loss.add(rewardA.add(rewardB).square().mean().mul(centeringCoefficient));
  }

  /** The mean loss of the batch given the reward differences {@code r_a - r_b}. */
  protected abstract NDArray pairLoss(NDList labels, NDList predictions, NDArray difference);
}
