package dev.assay.trainer.model;

import dev.assay.trainer.featurize.SparseRow;

/**
 * A trained reward head's parameters as plain arrays, for scoring outside PyTorch.
 *
 * <p>Scoring a handful of rows through PyTorch costs a JNI call, the dispatcher and a native copy of
 * each row (20,480 floats for the hashed featurizer) for a few thousand multiply-adds; on a loaded
 * two-core machine that call and its thread wake-ups were the scoring API's latency tail. Here a row
 * costs one pass over its non-zero features ({@link SparseRow}; a hashed row has a few hundred), each
 * adding a contiguous column of the first layer. Training stays on DJL; these are the same parameters, so
 * scores agree with the network's forward pass to float rounding (the summation order differs).
 */
public final class HeadWeights {
  private final int inputs;
  private final int hidden;
  /** First layer transposed, [inputs][hidden] row-major, so that one feature's weights are contiguous. */
  private final float[] firstByInput;
  private final float[] firstBias;
  /** Output layer, [hidden] (or [inputs] for a linear head). */
  private final float[] output;
  private final float outputBias;

  private HeadWeights(int inputs, int hidden, float[] firstByInput, float[] firstBias, float[] output, float outputBias) {
    this.inputs = inputs;
    this.hidden = hidden;
    this.firstByInput = firstByInput;
    this.firstBias = firstBias;
    this.output = output;
    this.outputBias = outputBias;
  }

  /** {@code Linear(hidden) -> ReLU -> Linear(1)}; weights as DJL stores them, [out][in] row-major. */
  static HeadWeights mlp(int inputs, float[] firstWeight, float[] firstBias, float[] outputWeight, float outputBias) {
    int hidden = firstBias.length;
    check(firstWeight.length == hidden * inputs && outputWeight.length == hidden, "hidden layer shapes");
    float[] transposed = new float[inputs * hidden];
    for (int j = 0; j < hidden; j++) {
      for (int k = 0; k < inputs; k++) {
        transposed[k * hidden + j] = firstWeight[j * inputs + k];
      }
    }
    return new HeadWeights(inputs, hidden, transposed, firstBias.clone(), outputWeight.clone(), outputBias);
  }

  /** A single {@code Linear(1)}. */
  static HeadWeights linear(int inputs, float[] weight, float bias) {
    check(weight.length == inputs, "linear head shape");
    return new HeadWeights(inputs, 0, null, null, weight.clone(), bias);
  }

  private static void check(boolean condition, String what) {
    if (!condition) {
      throw new IllegalArgumentException("reward head parameters do not fit: " + what);
    }
  }

  /** One reward per row of {@code features}, whose indices must be below {@code inputs}. Thread-safe. */
  public float[] rewards(SparseRow[] features) {
    float[] rewards = new float[features.length];
    float[] activations = hidden > 0 ? new float[hidden] : null;
    for (int r = 0; r < features.length; r++) {
      SparseRow row = features[r];
      int[] indices = row.indices();
      if (indices.length > 0 && (indices[0] < 0 || indices[indices.length - 1] >= inputs)) {
        throw new IllegalArgumentException("feature row " + r + " has a value outside the head's " + inputs + " inputs");
      }
      rewards[r] = hidden > 0 ? mlp(row, activations) : dot(row, output) + outputBias;
    }
    return rewards;
  }

  private float mlp(SparseRow row, float[] activations) {
    System.arraycopy(firstBias, 0, activations, 0, hidden);
    int[] indices = row.indices();
    float[] values = row.values();
    for (int n = 0; n < indices.length; n++) {
      float x = values[n];
      int column = indices[n] * hidden;
      for (int j = 0; j < hidden; j++) {
        activations[j] += x * firstByInput[column + j];
      }
    }
    float reward = outputBias;
    for (int j = 0; j < hidden; j++) {
      reward += Math.max(activations[j], 0f) * output[j];
    }
    return reward;
  }

  private static float dot(SparseRow row, float[] weight) {
    float sum = 0;
    for (int n = 0; n < row.indices().length; n++) {
      sum += row.values()[n] * weight[row.indices()[n]];
    }
    return sum;
  }
}
