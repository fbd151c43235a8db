package dev.assay.trainer.training;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.translate.Batchifier;
import ai.djl.util.Progress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Classifier examples as DJL batches: data (the network's {@link TextInputs}), labels (class index [B]).
 * Like {@link PairDataset}, inputs are computed batch by batch and epochs shuffled by
 * {@code Random(seed, epoch)}.
 *
 * <p>When the inputs are token ids, a batch is padded to its longest text, so texts of similar length are
 * batched together: the shuffled order is cut into pools of {@value #POOL_BATCHES} batches, each pool
 * sorted by length and cut into batches, and the batches shuffled (validation is simply sorted). On the
 * prompt-attack set, where templates fill the 256 tokens and most benign prompts take 20, a random batch
 * nearly always held one long text.
 */
final class TextDataset implements Dataset {
  private final List<String> texts;
  private final int[] classes;
  private final TextInputs inputs;
  private final int batchSize;
  private final Long shuffleSeed;
  /** Each text's input length when inputs are padded per batch, else null. */
  private final int[] lengths;
  static final int POOL_BATCHES = 50;

  private TextDataset(List<String> texts, int[] classes, TextInputs inputs, int batchSize, Long seed, int[] lengths) {
    this.lengths = lengths;
    this.texts = texts;
    this.classes = classes;
    this.inputs = inputs;
    this.batchSize = batchSize;
    this.shuffleSeed = seed;
  }

  static TextDataset ordered(LabeledTextSet set, TextInputs inputs, int batchSize) {
    List<String> texts = set.examples().stream().map(LabeledText::text).toList();
    return new TextDataset(texts, set.classIndices(), inputs, batchSize, null, inputs.lengths(texts));
  }

  TextDataset shuffled(long seed, int epoch) {
    return new TextDataset(texts, classes, inputs, batchSize, seed * 1_000_003L + epoch, lengths);
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
    List<List<Integer>> batches = batches();
    return () -> new Iterator<>() {
      private int served;

      @Override
      public boolean hasNext() {
        return served < batches.size();
      }

      @Override
      public Batch next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        List<Integer> indices = batches.get(served);
        return batch(manager.newSubManager(), indices, ++served);
      }
    };
  }

  /** The examples' indices, batch by batch, in this epoch's order. */
  List<List<Integer>> batches() {
    List<Integer> order = new ArrayList<>(IntStream.range(0, texts.size()).boxed().toList());
    Random random = shuffleSeed == null ? null : new Random(shuffleSeed);
    if (random != null) {
      Collections.shuffle(order, random);
    }
    int pool = lengths != null && random != null ? batchSize * POOL_BATCHES : order.size();
    List<List<Integer>> batches = new ArrayList<>();
    for (int from = 0; from < order.size(); from += pool) {
      List<Integer> pooled = new ArrayList<>(order.subList(from, Math.min(from + pool, order.size())));
      if (lengths != null) {
        pooled.sort(Comparator.comparingInt(i -> lengths[i]));
      }
      for (int start = 0; start < pooled.size(); start += batchSize) {
        batches.add(pooled.subList(start, Math.min(start + batchSize, pooled.size())));
      }
    }
    if (random != null && lengths != null) {
      Collections.shuffle(batches, random);
    }
    return batches;
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
