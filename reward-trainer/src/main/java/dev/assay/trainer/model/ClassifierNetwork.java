package dev.assay.trainer.model;

import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import dev.assay.trainer.featurize.EncoderBlock;

/**
 * A classifier's head: one logit per class, {@code Linear(hidden) → ReLU → Linear(classes)}, or a single
 * {@code Linear(classes)} when {@code hidden == 0} (multinomial logistic regression on the features).
 */
public final class ClassifierNetwork {
  private ClassifierNetwork() {}

  public static SequentialBlock create(int classes, int hiddenSize) {
    if (classes < 2) {
      throw new IllegalArgumentException("a classifier needs at least two classes, got " + classes);
    }
    SequentialBlock layers = new SequentialBlock();
    if (hiddenSize > 0) {
      layers.add(Linear.builder().setUnits(hiddenSize).build()).add(Activation::relu);
    }
    return layers.add(Linear.builder().setUnits(classes).build());
  }

  /** A sentence encoder with a head on its pooled output, trained (fine-tuned) and saved as one network. */
  public static SequentialBlock withEncoder(EncoderBlock encoder, SequentialBlock head) {
    return new SequentialBlock().add(encoder).add(head);
  }
}
