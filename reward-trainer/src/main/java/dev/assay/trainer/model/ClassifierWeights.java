package dev.assay.trainer.model;

import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import dev.assay.trainer.featurize.SparseRow;
import java.util.List;

/**
 * A classifier head's parameters as plain arrays: logits of a sparse row in one pass over its
 * non-zeros, without a PyTorch call per request (the reasoning of {@link HeadWeights}, with one output
 * per class).
 */
final class ClassifierWeights {
  private final int inputs;
  private final int hidden;
  private final int classes;
  /** First layer by input, [inputs][width] row-major, width = hidden (or classes for a linear head). */
  private final float[] firstByInput;
  private final float[] firstBias;
  /** Output layer [classes][hidden] as DJL stores it; null for a linear head. */
  private final float[] output;
  private final float[] outputBias;

  private ClassifierWeights(int inputs, int hidden, int classes, float[] firstByInput, float[] firstBias,
      float[] output, float[] outputBias) {
    this.inputs = inputs;
    this.hidden = hidden;
    this.classes = classes;
    this.firstByInput = firstByInput;
    this.firstBias = firstBias;
    this.output = output;
    this.outputBias = outputBias;
  }

  /** Copies the parameters of an initialised or loaded {@link ClassifierNetwork}. */
  static ClassifierWeights of(Block network, int inputs) {
    List<Linear> layers = network.getChildren().values().stream()
        .filter(Linear.class::isInstance).map(Linear.class::cast).toList();
    Linear first = layers.getFirst();
    float[] firstWeight = first.getParameters().get("weight").getArray().toFloatArray();
    float[] firstBias = first.getParameters().get("bias").getArray().toFloatArray();
    int width = firstBias.length;
    if (firstWeight.length != width * inputs) {
      throw new IllegalArgumentException("classifier parameters do not fit " + inputs + " inputs");
    }
    float[] transposed = new float[inputs * width];
    for (int j = 0; j < width; j++) {
      for (int k = 0; k < inputs; k++) {
        transposed[k * width + j] = firstWeight[j * inputs + k];
      }
    }
    if (layers.size() == 1) {
      return new ClassifierWeights(inputs, 0, width, transposed, firstBias, null, null);
    }
    Linear last = layers.getLast();
    float[] outputBias = last.getParameters().get("bias").getArray().toFloatArray();
    return new ClassifierWeights(inputs, width, outputBias.length, transposed, firstBias,
        last.getParameters().get("weight").getArray().toFloatArray(), outputBias);
  }

  int classes() {
    return classes;
  }

  /** Whether the logits are a linear function of the features (no hidden layer). */
  boolean linear() {
    return hidden == 0;
  }

  /** A linear head's weight from one feature column to one class's logit. */
  double weight(int column, int clazz) {
    if (hidden != 0) {
      throw new IllegalStateException("a head with a hidden layer has no per-feature weights");
    }
    return firstByInput[column * classes + clazz];
  }

  /** The logits of one row. Thread-safe. */
  double[] logits(SparseRow row) {
    int width = hidden > 0 ? hidden : classes;
    float[] first = firstBias.clone();
    int[] indices = row.indices();
    float[] values = row.values();
    for (int n = 0; n < indices.length; n++) {
      if (indices[n] < 0 || indices[n] >= inputs) {
        throw new IllegalArgumentException("feature " + indices[n] + " is outside the head's " + inputs + " inputs");
      }
      int column = indices[n] * width;
      for (int j = 0; j < width; j++) {
        first[j] += values[n] * firstByInput[column + j];
      }
    }
    double[] logits = new double[classes];
    for (int c = 0; c < classes; c++) {
      if (hidden == 0) {
        logits[c] = first[c];
        continue;
      }
      double sum = outputBias[c];
      for (int j = 0; j < hidden; j++) {
        sum += Math.max(first[j], 0f) * output[c * hidden + j];
      }
      logits[c] = sum;
    }
    return logits;
  }
}
