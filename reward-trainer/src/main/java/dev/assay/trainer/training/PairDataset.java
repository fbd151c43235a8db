package dev.assay.trainer.training;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.translate.Batchifier;
import ai.djl.util.Progress;
import dev.assay.store.record.Message;
import dev.assay.trainer.featurize.Featurizer;
import dev.assay.trainer.model.PairLoss;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Pairs as DJL batches: data (features of response A [B, D], of response B [B, D]), labels
 * ({@link PairLoss#TIE}, {@link PairLoss#MARGIN}).
 *
 * <p>Features are computed batch by batch rather than held for the whole set: a dense hashed matrix
 * of a large dataset would not fit in memory, hashing is cheap, and sentence embeddings come from the
 * cache after {@link #prepare}. Shuffling uses {@code java.util.Random(seed, epoch)}, so an epoch's
 * order does not depend on how many epochs ran before in this process (a resumed run repeats it).
 */
final class PairDataset implements Dataset {
  private final List<TrainingPair> pairs;
  private final Featurizer featurizer;
  private final int batchSize;
  private final boolean useMargin;
  private final Long shuffleSeed;

  private PairDataset(List<TrainingPair> pairs, Featurizer featurizer, int batchSize, boolean useMargin, Long seed) {
    this.pairs = pairs;
    this.featurizer = featurizer;
    this.batchSize = batchSize;
    this.useMargin = useMargin;
    this.shuffleSeed = seed;
  }

  /** The pairs in input order (validation, statistics). */
  static PairDataset ordered(List<TrainingPair> pairs, Featurizer featurizer, int batchSize, boolean useMargin) {
    return new PairDataset(pairs, featurizer, batchSize, useMargin, null);
  }

  /** The same pairs in the order of one training epoch. */
  PairDataset shuffled(long seed, int epoch) {
    return new PairDataset(pairs, featurizer, batchSize, useMargin, seed * 1_000_003L + epoch);
  }

  int size() {
    return pairs.size();
  }

  int batchesPerEpoch() {
    return (pairs.size() + batchSize - 1) / batchSize;
  }

  /** Lets the featurizer encode every text up front, in large batches. */
  @Override
  public void prepare(Progress progress) {
    List<List<Message>> prompts = pairs.stream().map(TrainingPair::prompt).toList();
    List<String> responses = new ArrayList<>(2 * pairs.size());
    pairs.forEach(pair -> {
      responses.add(pair.chosen());
      responses.add(pair.rejected());
    });
    featurizer.warmUp(prompts, responses);
  }

  @Override
  public Iterable<Batch> getData(NDManager manager) {
    List<Integer> order = new ArrayList<>(IntStream.range(0, pairs.size()).boxed().toList());
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

  /** Features (A, B) of the pairs at {@code indices}, in order. */
  float[][][] features(List<Integer> indices) {
    float[][] a = new float[indices.size()][];
    float[][] b = new float[indices.size()][];
    for (int i = 0; i < indices.size(); i++) {
      TrainingPair pair = pairs.get(indices.get(i));
      float[][] rows = featurizer.featurize(pair.prompt(), List.of(pair.chosen(), pair.rejected()));
      a[i] = rows[0];
      b[i] = rows[1];
    }
    return new float[][][] {a, b};
  }

  private Batch batch(NDManager manager, List<Integer> indices, long progress) {
    float[][][] features = features(indices);
    float[] tie = new float[indices.size()];
    float[] margin = new float[indices.size()];
    for (int i = 0; i < indices.size(); i++) {
      TrainingPair pair = pairs.get(indices.get(i));
      tie[i] = pair.tie() ? 1 : 0;
      margin[i] = useMargin && pair.margin() != null ? pair.margin().floatValue() : 0;
    }
    NDList data = new NDList(manager.create(features[0]), manager.create(features[1]));
    NDList labels = new NDList(manager.create(tie), manager.create(margin));
    return new Batch(
        manager, data, labels, indices.size(), Batchifier.STACK, Batchifier.STACK, progress, batchesPerEpoch());
  }
}
