package dev.assay.trainer.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Parameter;
import ai.djl.training.Trainer;
import java.util.List;

/**
 * Scales the gradients of a batch down to a global L2 norm of at most {@code maxNorm} before the optimizer
 * steps, as encoder fine-tuning recipes do: without it, fine-tuning MiniLM diverged to NaN on one fold of
 * the encoder benchmark. A non-finite gradient (seen about once an epoch there) is zeroed and reported, so
 * that {@link CheckpointedEpochs} skips that batch's step and one bad batch does not poison the weights.
 */
public final class GradientClipping {
  private final double maxNorm;

  public GradientClipping(double maxNorm) {
    this.maxNorm = maxNorm;
  }

  /**
   * Clips the gradients of the trainer's trainable parameters.
   *
   * @return whether they were finite, so that the optimizer may step on them
   */
  boolean clip(Trainer trainer) {
    return clip(trainable(trainer), maxNorm);
  }

  /**
   * Clips the gradients of {@code parameters} to a global L2 norm of {@code maxNorm}, or zeroes them when
   * the norm is not finite.
   *
   * @return whether the gradients were finite
   */
  public static boolean clip(List<Parameter> parameters, double maxNorm) {
    try (NDScope scope = new NDScope()) {
      List<NDArray> gradients = parameters.stream().map(parameter -> parameter.getArray().getGradient()).toList();
      double norm = norm(gradients);
      if (!Double.isFinite(norm)) {
        gradients.forEach(gradient -> gradient.set(new NDIndex(":"), 0));
        return false;
      }
      if (norm > maxNorm) {
        gradients.forEach(gradient -> gradient.muli((float) (maxNorm / norm)));
      }
      return true;
    }
  }

  /** The global L2 norm of the gradients of the trainer's trainable parameters. */
  static double norm(Trainer trainer) {
    try (NDScope scope = new NDScope()) {
      return norm(trainable(trainer).stream().map(parameter -> parameter.getArray().getGradient()).toList());
    }
  }

  private static double norm(List<NDArray> gradients) {
    double squares = 0;
    for (NDArray gradient : gradients) {
      squares += gradient.square().sum().getFloat();
    }
    return Math.sqrt(squares);
  }

  private static List<Parameter> trainable(Trainer trainer) {
    return trainer.getModel().getBlock().getParameters().values().stream().filter(Parameter::requiresGradient).toList();
  }
}
