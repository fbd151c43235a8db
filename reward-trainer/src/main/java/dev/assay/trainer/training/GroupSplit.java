package dev.assay.trainer.training;

import dev.assay.store.text.ContentHash;
import java.util.ArrayList;
import java.util.List;

/**
 * Deterministic splits of classifier examples by a hash of their group, so that all rows of a group
 * (e.g. every response to one question) land on the same side: a model is judged on groups it never
 * saw. The salt decorrelates splits taken for different purposes (test vs. validation).
 */
public final class GroupSplit {
  private static final int RESOLUTION = 10_000;

  private GroupSplit() {}

  public record Split(LabeledTextSet train, LabeledTextSet held) {}

  /** Holds out about {@code fraction} of the groups. */
  public static Split holdOut(LabeledTextSet set, double fraction, String salt) {
    int threshold = (int) Math.round(fraction * RESOLUTION);
    List<LabeledText> train = new ArrayList<>();
    List<LabeledText> held = new ArrayList<>();
    for (LabeledText example : set.examples()) {
      long hash = Long.parseUnsignedLong(ContentHash.ofParts(salt, example.group()).substring(0, 15), 16);
      (hash % RESOLUTION < threshold ? held : train).add(example);
    }
    return new Split(set.withExamples(train), set.withExamples(held));
  }
}
