package dev.assay.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.loss.Loss;

/**
 * Softmax cross-entropy with a weight per class, normalised by the batch's total weight (PyTorch's
 * {@code CrossEntropyLoss(weight=...)}): predictions are logits [B, K], labels class indices [B].
 */
public final class ClassWeightedLoss extends Loss {
  private final float[] weights;

  public ClassWeightedLoss(float[] weights) {
    super("ClassWeightedSoftmaxCrossEntropyLoss");
    this.weights = weights.clone();
  }

  /** {@code N / (K · n_class)} for the class indices {@code classes} of {@code classCount} classes. */
  public static float[] balanced(int[] classes, int classCount) {
    int[] counts = new int[classCount];
    for (int c : classes) {
      counts[c]++;
    }
    float[] weights = new float[classCount];
    for (int k = 0; k < classCount; k++) {
      weights[k] = counts[k] == 0 ? 0 : (float) classes.length / (classCount * counts[k]);
    }
    return weights;
  }

  @Override
  public NDArray evaluate(NDList labels, NDList predictions) {
    NDArray label = labels.singletonOrThrow().toType(DataType.INT64, false);
    NDArray logProbabilities = predictions.singletonOrThrow().logSoftmax(-1);
    NDArray picked = logProbabilities.get(new NDIndex().addAllDim().addPickDim(label.reshape(-1, 1))).reshape(-1);
    NDArray sampleWeights = label.getManager().create(weights).get(label);
    return picked.mul(sampleWeights).sum().neg().div(sampleWeights.sum());
  }
}
