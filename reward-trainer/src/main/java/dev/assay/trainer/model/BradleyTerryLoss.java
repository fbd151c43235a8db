package dev.assay.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;

/**
 * The Bradley-Terry reward-model loss as in TRL's {@code RewardTrainer}:
 *
 * <pre>
 *   loss = mean( softplus( -(r_c - r_r - m) ) ) + λ · mean( (r_c + r_r)² )
 * </pre>
 *
 * where {@code softplus(-x) = -log σ(x)}, {@code m} is the margin label (Llama 2's margin from the
 * judgement strength; 0 when margins are off) and {@code λ} the centering coefficient.
 */
public final class BradleyTerryLoss extends PairLoss {

  public BradleyTerryLoss(float centeringCoefficient) {
    super("bradley_terry", centeringCoefficient);
  }

  @Override
  protected NDArray pairLoss(NDList labels, NDList predictions, NDArray difference) {
    return Activation.softPlus(difference.sub(labels.get(MARGIN)).neg()).mean();
  }
}
