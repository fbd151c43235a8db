package dev.assay.guardrail.rules;

/**
 * Folds Cyrillic and Greek letters that look like Latin ones ("раypal" with a Cyrillic р and а) to
 * the Latin letter. Only inside a word that also holds a Latin letter: a word wholly in Cyrillic or
 * Greek is prose in that language and stays as it is.
 */
final class Confusables {

  /** Look-alike to Latin, pairwise; from the Unicode confusables data, letters only. */
  private static final String PAIRS =
      // Cyrillic lower case
      "аaвbеeкkмmнhоoрpсcтtуyхxѕsіiјjԁdԛqԝwһhӏlґr"
          // Cyrillic upper case
          + "АAВBЕEКKМMНHОOРPСCТTУYХXЅSІIЈJԚQԜWҺHӀl"
          // Greek lower case
          + "αaβbεeιiκkνvοoρpτtυuχxγyωw"
          // Greek upper case
          + "ΑAΒBΕEΖZΗHΙIΚKΜMΝNΟOΡPΤTΥYΧX";

  private static final char[] TO_LATIN = new char[0x0530];
  private static final char GREEK_AND_CYRILLIC_START = 0x0370;

  static {
    for (int i = 0; i < PAIRS.length(); i += 2) {
      TO_LATIN[PAIRS.charAt(i)] = PAIRS.charAt(i + 1);
    }
  }

  private Confusables() {}

  static String fold(String text) {
    if (!holdsGreekOrCyrillic(text)) {
      return text;
    }
    StringBuilder out = null;
    int length = text.length();
    int start = 0;
    while (start < length) {
      if (!Chars.isLetter(text.charAt(start))) {
        start++;
        continue;
      }
      int end = start;
      boolean latin = false;
      boolean lookAlike = false;
      while (end < length && Chars.isLetter(text.charAt(end))) {
        char c = text.charAt(end);
        latin |= c < 0x0250 && c >= 'A';
        lookAlike |= latinFor(c) != 0;
        end++;
      }
      if (latin && lookAlike) {
        if (out == null) {
          out = new StringBuilder(text);
        }
        for (int i = start; i < end; i++) {
          char folded = latinFor(text.charAt(i));
          if (folded != 0) {
            out.setCharAt(i, folded);
          }
        }
      }
      start = end;
    }
    return out == null ? text : out.toString();
  }

  /** Most texts hold neither script: one cheap pass spares them the word-by-word one. */
  private static boolean holdsGreekOrCyrillic(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= GREEK_AND_CYRILLIC_START && c < TO_LATIN.length) {
        return true;
      }
    }
    return false;
  }

  private static char latinFor(char c) {
    return c < TO_LATIN.length ? TO_LATIN[c] : 0;
  }
}
