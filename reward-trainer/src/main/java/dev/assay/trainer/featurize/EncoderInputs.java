package dev.assay.trainer.featurize;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Texts as the input of an {@link EncoderBlock}: token ids, token types and attention mask, cut and padded
 * exactly as {@link SentenceEncoder} cuts them for ONNX Runtime (at most {@value SentenceEncoder#MAX_TOKENS}
 * tokens, [CLS] and the text's end kept), so a fine-tuned encoder reads a text as the frozen one does.
 * Thread-safe.
 */
public final class EncoderInputs implements AutoCloseable {
  private final HuggingFaceTokenizer tokenizer;

  private EncoderInputs(HuggingFaceTokenizer tokenizer) {
    this.tokenizer = tokenizer;
  }

  public static EncoderInputs open(EncoderKind kind) {
    try {
      return new EncoderInputs(SentenceEncoder.tokenizer(kind));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load the tokenizer of " + kind.featurizerName(), e);
    }
  }

  /** The texts in order, padded to the longest. */
  public NDList batch(NDManager manager, List<String> texts) {
    return toNDList(manager, SentenceEncoder.TokenBatch.of(List.of(tokenizer.batchEncode(texts))));
  }

  /** Each text's number of tokens as cut for the encoder. */
  public int[] lengths(List<String> texts) {
    Encoding[] encodings = tokenizer.batchEncode(texts);
    int[] lengths = new int[encodings.length];
    Arrays.setAll(lengths, i -> Math.min(encodings[i].getIds().length, SentenceEncoder.MAX_TOKENS));
    return lengths;
  }

  /**
   * The texts in batches of similar length (cut where {@link SentenceEncoder} cuts its batches), each with
   * the positions of its texts in {@code texts}: for scoring, where padding is wasted work.
   */
  public List<PositionedBatch> lengthSorted(NDManager manager, List<String> texts) {
    Encoding[] encodings = tokenizer.batchEncode(texts);
    Integer[] order = new Integer[texts.size()];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, Comparator.comparingInt(i -> encodings[i].getIds().length));
    int[] lengths = new int[order.length];
    Arrays.setAll(lengths, i -> Math.min(encodings[order[i]].getIds().length, SentenceEncoder.MAX_TOKENS));
    List<PositionedBatch> batches = new ArrayList<>();
    int start = 0;
    for (int end : SentenceEncoder.batchEnds(lengths)) {
      List<Encoding> batch = new ArrayList<>();
      int[] positions = new int[end - start];
      for (int i = start; i < end; i++) {
        batch.add(encodings[order[i]]);
        positions[i - start] = order[i];
      }
      batches.add(new PositionedBatch(positions, toNDList(manager, SentenceEncoder.TokenBatch.of(batch))));
      start = end;
    }
    return batches;
  }

  /** A batch of inputs and, for each of its rows, the position of its text among those asked for. */
  public record PositionedBatch(int[] positions, NDList inputs) {}

  private static NDList toNDList(NDManager manager, SentenceEncoder.TokenBatch batch) {
    return new NDList(manager.create(batch.ids()), manager.create(batch.typeIds()), manager.create(batch.mask()));
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}
