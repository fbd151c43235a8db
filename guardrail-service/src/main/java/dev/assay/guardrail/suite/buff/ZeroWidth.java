package dev.assay.guardrail.suite.buff;

import java.util.SplittableRandom;

/**
 * Inserts invisible characters (zero-width space, non-joiner, joiner, word joiner) between the letters of
 * words, after about one letter in three; removing them gives the text back.
 */
final class ZeroWidth implements Buff {
  static final String INVISIBLE = "\u200B\u200C\u200D\u2060";

  @Override
  public String name() {
    return "zero-width";
  }

  @Override
  public String apply(String text, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    StringBuilder out = new StringBuilder(text.length() * 4 / 3 + 1);
    boolean inserted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      out.append(c);
      boolean insideWord = Character.isLetter(c) && i + 1 < text.length() && Character.isLetter(text.charAt(i + 1));
      if (insideWord && (random.nextInt(3) == 0 || !inserted && i + 2 >= text.length())) {
        out.append(INVISIBLE.charAt(random.nextInt(INVISIBLE.length())));
        inserted = true;
      }
    }
    return inserted ? out.toString() : INVISIBLE.charAt(0) + text;
  }
}
