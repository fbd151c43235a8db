package dev.assay.trainer.model;

import ai.djl.ndarray.NDList;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;

/** Features [N, D] in, rewards [N] out: a {@link RewardNetwork} in scoring mode. */
public final class FeatureTranslator implements NoBatchifyTranslator<float[][], float[]> {
  @Override
  public NDList processInput(TranslatorContext ctx, float[][] features) {
    return new NDList(ctx.getNDManager().create(features));
  }

  @Override
  public float[] processOutput(TranslatorContext ctx, NDList output) {
    return output.head().toFloatArray();
  }
}
