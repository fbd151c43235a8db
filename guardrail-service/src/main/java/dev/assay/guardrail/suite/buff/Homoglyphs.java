package dev.assay.guardrail.suite.buff;

import java.util.SplittableRandom;

/**
 * Replaces about half the Latin letters that have a Cyrillic or Greek look-alike with it ("раypal" with a
 * Cyrillic "р" and "а"); mapping the look-alikes back gives the text.
 */
final class Homoglyphs implements Buff {
  /** Latin letter, then its look-alike, pair after pair. */
  static final String PAIRS = "a\u0430c\u0441e\u0435i\u0456j\u0458o\u043Ep\u0440s\u0455x\u0445y\u0443"
      + "A\u0410B\u0412C\u0421E\u0415H\u041DI\u0406K\u041AM\u041CN\u039DO\u041EP\u0420S\u0405T\u0422X\u0425Y\u03A5Z\u0396";

  @Override
  public String name() {
    return "homoglyph";
  }

  @Override
  public String apply(String text, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    StringBuilder out = new StringBuilder(text);
    int lastCandidate = -1;
    boolean changed = false;
    for (int i = 0; i < text.length(); i++) {
      int pair = lookAlikeIndex(text.charAt(i));
      if (pair >= 0) {
        lastCandidate = i;
        if (random.nextBoolean()) {
          out.setCharAt(i, PAIRS.charAt(pair + 1));
          changed = true;
        }
      }
    }
    if (!changed && lastCandidate >= 0) {
      out.setCharAt(lastCandidate, PAIRS.charAt(lookAlikeIndex(text.charAt(lastCandidate)) + 1));
    }
    return out.toString();
  }

  private static int lookAlikeIndex(char c) {
    for (int i = 0; i < PAIRS.length(); i += 2) {
      if (PAIRS.charAt(i) == c) {
        return i;
      }
    }
    return -1;
  }
}
