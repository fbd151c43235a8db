package dev.assay.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;

/**
 * Negative log-likelihood of Davidson's (1970) tie model on the reward difference {@code d = r_a - r_b}
 * and a learnable log tie parameter θ:
 *
 * <pre>
 *   P(A) = e^{d/2} / Z,   P(tie) = e^θ / Z,   P(B) = e^{-d/2} / Z,   Z = e^{d/2} + e^θ + e^{-d/2}
 *   loss = -mean( tie ? log P(tie) : log P(A) ) + λ · mean( (r_a + r_b)² )
 * </pre>
 *
 * i.e. a three-way softmax over (d/2, θ, -d/2). It is Bradley-Terry's {@code σ(d)} when the
 * probability of a tie is set aside ({@code P(A) / (P(A) + P(B)) = σ(d)}), so its rewards remain a
 * reward model, and a tie is most likely when the rewards are equal. Response A is the chosen one of
 * a non-tie pair; margins are not used.
 */
public final class DavidsonLoss extends PairLoss {

  public DavidsonLoss(float centeringCoefficient) {
    super("davidson", centeringCoefficient);
  }

  @Override
  protected NDArray pairLoss(NDList labels, NDList predictions, NDArray difference) {
    NDArray half = difference.div(2);
    NDArray theta = predictions.get(2).broadcast(half.getShape());
    NDArray logProbabilities = NDArrays.stack(new NDList(half, theta, half.neg()), 1).logSoftmax(1);
    NDArray tie = labels.get(TIE);
    NDArray logLikelihood =
        tie.mul(logProbabilities.get(":, 1")).add(tie.neg().add(1).mul(logProbabilities.get(":, 0")));
    return logLikelihood.mean().neg();
  }
}
