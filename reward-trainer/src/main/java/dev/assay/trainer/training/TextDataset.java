package dev.assay.trainer.training;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.translate.Batchifier;
import ai.djl.util.Progress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Classifier examples as DJL batches: data (the network's {@link TextInputs}), labels (class index [B]).
 * Like {@link PairDataset}, inputs are computed batch by batch and epochs shuffled by
 * {@code Random(seed, epoch)}.
 */
final class TextDataset implements Dataset {
  private final List<String> texts;
  private final int[] classes;
  private final TextInputs inputs;
  private final int batchSize;
  private final Long shuffleSeed;

  private TextDataset(List<String> texts, int[] classes, TextInputs inputs, int batchSize, Long seed) {
    this.texts = texts;
    this.classes = classes;
    this.inputs = inputs;
    this.batchSize = batchSize;
    this.shuffleSeed = seed;
  }

  static TextDataset ordered(LabeledTextSet set, TextInputs inputs, int batchSize) {
    return new TextDataset(
        set.examples().stream().map(LabeledText::text).toList(), set.classIndices(), inputs, batchSize, null);
  }

  TextDataset shuffled(long seed, int epoch) {
    return new TextDataset(texts, classes, inputs, batchSize, seed * 1_000_003L + epoch);
  }

  int size() {
    return texts.size();
  }

  int[] classes() {
    return classes.clone();
  }

  int batchesPerEpoch() {
    return (texts.size() + batchSize - 1) / batchSize;
  }

  /** Lets a sentence encoder embed every text up front, in large batches. */
  @Override
  public void prepare(Progress progress) {
    inputs.warmUp(texts);
  }

  @Override
  public Iterable<Batch> getData(NDManager manager) {
    List<Integer> order = new ArrayList<>(IntStream.range(0, texts.size()).boxed().toList());
    if (shuffleSeed != null) {
      Collections.shuffle(order, new Random(shuffleSeed));
    }
    return () -> new Iterator<>() {
      private int next;
      private int served;

      @Override
      public boolean hasNext() {
        return next < order.size();
      }

      @Override
      public Batch next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        List<Integer> indices = order.subList(next, Math.min(next + batchSize, order.size()));
        next += indices.size();
        return batch(manager.newSubManager(), indices, ++served);
      }
    };
  }

  private Batch batch(NDManager manager, List<Integer> indices, long progress) {
    long[] labels = new long[indices.size()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = classes[indices.get(i)];
    }
    return new Batch(manager, inputs.inputs(manager, indices.stream().map(texts::get).toList()),
        new NDList(manager.create(labels)),
        indices.size(), Batchifier.STACK, Batchifier.STACK, progress, batchesPerEpoch());
  }
}
