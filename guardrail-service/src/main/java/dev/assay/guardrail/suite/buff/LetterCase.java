package dev.assay.guardrail.suite.buff;

import java.util.SplittableRandom;

/** Flips the case of about half the letters at random ("hOw tO MaKe"); the text is unchanged case-insensitively. */
final class LetterCase implements Buff {
  @Override
  public String name() {
    return "letter-case";
  }

  @Override
  public String apply(String text, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    StringBuilder out = new StringBuilder(text.length());
    boolean changed = false;
    int lastLetter = -1;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      char flipped = Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c);
      if (Character.isLetter(c) && flipped != c) {
        lastLetter = i;
        if (random.nextBoolean()) {
          out.append(flipped);
          changed = true;
          continue;
        }
      }
      out.append(c);
    }
    if (!changed && lastLetter >= 0) { // a short text the coin left alone: flip one letter so it always changes
      char c = text.charAt(lastLetter);
      out.setCharAt(lastLetter, Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c));
    }
    return out.toString();
  }
}
