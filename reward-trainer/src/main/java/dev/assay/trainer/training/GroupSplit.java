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
  /** The salt of the test split {@code train --kind classifier} holds out. */
  public static final String TEST_SALT = "test";
  /** The salt of the validation split a classifier job takes from its training rows. */
  public static final String VALIDATION_SALT = "validation";

  private GroupSplit() {}

  public record Split(LabeledTextSet train, LabeledTextSet held) {}

  /** Holds out about {@code fraction} of the groups. */
  public static Split holdOut(LabeledTextSet set, double fraction, String salt) {
    List<LabeledText> train = new ArrayList<>();
    List<LabeledText> held = new ArrayList<>();
    for (LabeledText example : set.examples()) {
      (isHeld(example.group(), fraction, salt) ? held : train).add(example);
    }
    return new Split(set.withExamples(train), set.withExamples(held));
  }

  /** Whether {@link #holdOut} with these arguments holds out the rows of {@code group}. */
  public static boolean isHeld(String group, double fraction, String salt) {
    long hash = Long.parseUnsignedLong(ContentHash.ofParts(salt, group).substring(0, 15), 16);
    return hash % RESOLUTION < (int) Math.round(fraction * RESOLUTION);
  }
}
