package dev.assay.trainer.training;

import dev.assay.store.record.Message;
import dev.assay.store.text.ContentHash;
import java.util.ArrayList;
import java.util.List;

/**
 * Deterministic splits by a hash of the prompt, so that every pair of a prompt lands on the same
 * side (no prompt leaks from training into evaluation) and a split never depends on record order.
 * The salt decorrelates splits taken for different purposes (test vs. validation).
 */
public final class PromptSplit {
  private static final int RESOLUTION = 10_000;

  private PromptSplit() {}

  /** Two disjoint parts of a pair set; both carry the set's drop counts. */
  public record Split(PairSet train, PairSet held) {}

  /** Holds out about {@code fraction} of the prompts. */
  public static Split holdOut(PairSet set, double fraction, String salt) {
    int threshold = (int) Math.round(fraction * RESOLUTION);
    return split(set, pair -> bucket(pair.prompt(), salt, RESOLUTION) < threshold);
  }

  /** Fold {@code fold} of {@code folds} as the held part, for cross-validation. */
  public static Split fold(PairSet set, int fold, int folds, String salt) {
    return split(set, pair -> bucket(pair.prompt(), salt, folds) == fold);
  }

  private static Split split(PairSet set, java.util.function.Predicate<TrainingPair> held) {
    List<TrainingPair> train = new ArrayList<>();
    List<TrainingPair> heldOut = new ArrayList<>();
    for (TrainingPair pair : set.pairs()) {
      (held.test(pair) ? heldOut : train).add(pair);
    }
    return new Split(set.withPairs(train), set.withPairs(heldOut));
  }

  static int bucket(List<Message> prompt, String salt, int buckets) {
    String[] parts = new String[prompt.size() * 2 + 1];
    parts[0] = salt;
    for (int i = 0; i < prompt.size(); i++) {
      parts[2 * i + 1] = prompt.get(i).role();
      parts[2 * i + 2] = prompt.get(i).content();
    }
    long hash = Long.parseUnsignedLong(ContentHash.ofParts(parts).substring(0, 15), 16);
    return (int) (hash % buckets);
  }
}
