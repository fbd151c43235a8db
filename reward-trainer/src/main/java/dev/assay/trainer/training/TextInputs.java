package dev.assay.trainer.training;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.assay.trainer.featurize.EncoderBlock;
import dev.assay.trainer.featurize.EncoderInputs;
import dev.assay.trainer.featurize.EncoderKind;
import dev.assay.trainer.featurize.Featurizer;
import java.util.List;

/**
 * What a classifier's network reads for a batch of texts: a featurizer's fixed features [B, D] when only
 * the head trains, or the encoder's token ids, types and mask [B, tokens] when the encoder is fine-tuned.
 */
interface TextInputs extends AutoCloseable {
  NDList inputs(NDManager manager, List<String> texts);

  /** The featurizer spec a saved model names: the featurizer's, or the fine-tuned encoder's name. */
  String featurizer();

  /** The width of the features the head reads. */
  int featureDimension();

  /** Input shapes of a batch of {@code batchSize} texts, to initialise the network with. */
  Shape[] shapes(int batchSize);

  /**
   * Each text's input length when a batch's inputs are padded to its longest text (token ids), so that
   * texts of similar length can be batched together; null when every text costs the same.
   */
  default int[] lengths(List<String> texts) {
    return null;
  }

  /** Lets a sentence encoder embed every text up front, in large batches. Does nothing by default. */
  default void warmUp(List<String> texts) {}

  @Override
  void close();

  static TextInputs features(Featurizer featurizer) {
    return new TextInputs() {
      @Override
      public NDList inputs(NDManager manager, List<String> texts) {
        return new NDList(manager.create(featurizer.featurize(List.of(), texts)));
      }

      @Override
      public String featurizer() {
        return featurizer.spec();
      }

      @Override
      public int featureDimension() {
        return featurizer.dimension();
      }

      @Override
      public Shape[] shapes(int batchSize) {
        return new Shape[] {new Shape(batchSize, featurizer.dimension())};
      }

      @Override
      public void warmUp(List<String> texts) {
        featurizer.warmUp(List.of(List.of()), texts);
      }

      @Override
      public void close() {
        featurizer.close();
      }
    };
  }

  static TextInputs tokens(EncoderKind kind) {
    EncoderInputs encoderInputs = EncoderInputs.open(kind);
    return new TextInputs() {
      @Override
      public NDList inputs(NDManager manager, List<String> texts) {
        return encoderInputs.batch(manager, texts);
      }

      @Override
      public String featurizer() {
        return kind.featurizerName();
      }

      @Override
      public int[] lengths(List<String> texts) {
        return encoderInputs.lengths(texts);
      }

      @Override
      public int featureDimension() {
        return EncoderBlock.WIDTH;
      }

      @Override
      public Shape[] shapes(int batchSize) {
        Shape tokens = new Shape(batchSize, 8); // any length: the encoder's parameters do not depend on it
        return new Shape[] {tokens, tokens, tokens};
      }

      @Override
      public void close() {
        encoderInputs.close();
      }
    };
  }
}
