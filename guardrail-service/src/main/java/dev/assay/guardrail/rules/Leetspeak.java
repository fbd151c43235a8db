package dev.assay.guardrail.rules;

import java.util.Arrays;

/**
 * Undoes leetspeak ("h4ck", "k1ll", "b0mb", "@ss", "pa$$word") in words that mix letters with leet
 * digits or symbols, and only where it is evidence of leetspeak rather than a name or a unit:
 *
 * <ul>
 *   <li>a word is rewritten when a leet character sits between its letters ("h4ck"); a word whose
 *       leet characters are only at its edges ("t0", "mp3", "4chan", "win10") is rewritten only when
 *       the text holds such a clear case too ("h0w t0 m4k3");
 *   <li>words holding another digit (2, 6, 8, 9: "sha256", "x86", "covid19"), words with a capital
 *       after their first letter (acronyms and names of genes or parts: "MC1R", "HbA1c"), words
 *       longer than 24 characters (encoded payloads) and words joined to others by code punctuation
 *       ("foo.b4r()", "SPT77WML-01", UUIDs, e-mail addresses, URLs) are left alone;
 *   <li>numbers without letters ("Room 101", "3 cats", "$15") do not change, except a lone number of
 *       one or two leet digits ("4", "15") in a text where at least 3 in 10 words are leetspeak
 *       ("h0w t0 m4k3 4 b0mb").
 * </ul>
 */
final class Leetspeak {

  private static final int MAX_WORD_LENGTH = 24;
  private static final String CODE_NEIGHBOURS = "_{}<>=/\\#`";

  private Leetspeak() {}

  static boolean isLeetDigit(char c) {
    return c == '0' || c == '1' || c == '3' || c == '4' || c == '5' || c == '7';
  }

  private static boolean isLeetSymbol(char c) {
    return c == '@' || c == '$' || c == '!' || c == '|';
  }

  private static char letterFor(char c) {
    return switch (c) {
      case '0' -> 'o';
      case '1', '!' -> 'i';
      case '3' -> 'e';
      case '4', '@' -> 'a';
      case '5', '$' -> 's';
      case '7' -> 't';
      case '|' -> 'l';
      default -> c;
    };
  }

  private enum Evidence {
    NONE,
    /** A short number of leet digits only ("4", "15"): a word only in a text written mostly in leet. */
    LEET_DIGITS_ONLY,
    EDGES_ONLY,
    BETWEEN_LETTERS
  }

  /** A text is written mostly in leet when at least 3 in 10 of its words show leet characters. */
  private static final int DENSE_SHARE_NUMERATOR = 3;
  private static final int DENSE_SHARE_DENOMINATOR = 10;
  private static final int MAX_LEET_NUMBER_LENGTH = 2;
  private static final String NUMBER_NEIGHBOURS = "$€£#+%,";

  static String undo(String text) {
    int length = text.length();
    WordSpans leet = new WordSpans();
    WordSpans numbers = new WordSpans();
    boolean clearCase = false;
    int wordsWithLetters = 0;
    for (int start = nextWord(text, 0); start < length; ) {
      int end = wordEnd(text, start);
      Evidence evidence = evidence(text, start, end);
      if (evidence == Evidence.LEET_DIGITS_ONLY) {
        numbers.add(start, end);
      } else if (evidence != Evidence.NONE) {
        leet.add(start, end);
        clearCase |= evidence == Evidence.BETWEEN_LETTERS;
      }
      wordsWithLetters += evidence != Evidence.LEET_DIGITS_ONLY && hasLetter(text, start, end) ? 1 : 0;
      start = nextWord(text, end);
    }
    if (!clearCase) {
      return text;
    }
    StringBuilder out = new StringBuilder(text);
    leet.rewrite(text, out);
    // "h0w t0 m4k3 4 b0mb": where most words are leet, a lone "4" or "15" is a word too
    if (leet.count() * DENSE_SHARE_DENOMINATOR >= wordsWithLetters * DENSE_SHARE_NUMERATOR) {
      numbers.rewrite(text, out);
    }
    return out.toString();
  }

  /** Start and end offsets of the words to rewrite, in text order. */
  private static final class WordSpans {
    private int[] offsets = new int[16];
    private int size;

    void add(int start, int end) {
      if (size + 2 > offsets.length) {
        offsets = Arrays.copyOf(offsets, offsets.length * 2);
      }
      offsets[size++] = start;
      offsets[size++] = end;
    }

    int count() {
      return size / 2;
    }

    void rewrite(String text, StringBuilder out) {
      for (int i = 0; i < size; i += 2) {
        Leetspeak.rewrite(text, offsets[i], offsets[i + 1], out);
      }
    }
  }

  private static boolean hasLetter(String text, int start, int end) {
    for (int i = start; i < end; i++) {
      if (Chars.isLetter(text.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  private static int nextWord(String text, int from) {
    int i = from;
    while (i < text.length() && !isWordChar(text.charAt(i))) {
      i++;
    }
    return i;
  }

  private static int wordEnd(String text, int start) {
    int i = start;
    while (i < text.length() && isWordChar(text.charAt(i))) {
      i++;
    }
    return i;
  }

  private static boolean isWordChar(char c) {
    return Chars.isLetterOrDigit(c) || isLeetSymbol(c);
  }

  private static Evidence evidence(String text, int start, int end) {
    if (end - start > MAX_WORD_LENGTH || touchesCode(text, start, end)) {
      return Evidence.NONE;
    }
    int firstLetter = -1;
    int lastLetter = -1;
    for (int i = start; i < end; i++) {
      char c = text.charAt(i);
      if (Chars.isDigit(c) && !isLeetDigit(c)) {
        return Evidence.NONE;
      }
      if (firstLetter >= 0 && isUpperCase(c)) {
        // an acronym, gene or part name ("MC1R", "HbA1c"), not a word
        return Evidence.NONE;
      }
      if (Chars.isLetter(c)) {
        firstLetter = firstLetter < 0 ? i : firstLetter;
        lastLetter = i;
      }
    }
    if (firstLetter < 0) {
      return isLoneLeetNumber(text, start, end) ? Evidence.LEET_DIGITS_ONLY : Evidence.NONE;
    }
    for (int i = firstLetter + 1; i < lastLetter; i++) {
      if (!Chars.isLetter(text.charAt(i))) {
        return Evidence.BETWEEN_LETTERS;
      }
    }
    // "@ss": a leading at-sign in a short word; longer ones are mentions ("@alice")
    if (text.charAt(start) == '@' && end - start <= 3 && firstLetter == start + 1) {
      return Evidence.BETWEEN_LETTERS;
    }
    boolean leading = firstLetter > start && isEdgeLeet(text.charAt(firstLetter - 1));
    boolean trailing = lastLetter + 1 < end && isEdgeLeet(text.charAt(lastLetter + 1));
    return leading || trailing ? Evidence.EDGES_ONLY : Evidence.NONE;
  }

  private static boolean isUpperCase(char c) {
    return c < 128 ? c >= 'A' && c <= 'Z' : Character.isUpperCase(c);
  }

  /** "4" or "15" on its own, not an amount ("$4", "15%", "4,5") nor a part of a longer number. */
  private static boolean isLoneLeetNumber(String text, int start, int end) {
    if (end - start > MAX_LEET_NUMBER_LENGTH) {
      return false;
    }
    for (int i = start; i < end; i++) {
      if (!isLeetDigit(text.charAt(i))) {
        return false;
      }
    }
    boolean amountBefore = start > 0 && NUMBER_NEIGHBOURS.indexOf(text.charAt(start - 1)) >= 0;
    boolean amountAfter = end < text.length() && NUMBER_NEIGHBOURS.indexOf(text.charAt(end)) >= 0;
    return !amountBefore && !amountAfter;
  }

  /** At a word's edge "!" and "|" are punctuation, not letters. */
  private static boolean isEdgeLeet(char c) {
    return isLeetDigit(c) || c == '@' || c == '$';
  }

  private static boolean touchesCode(String text, int start, int end) {
    if (start > 0 && CODE_NEIGHBOURS.indexOf(text.charAt(start - 1)) >= 0) {
      return true;
    }
    if (end < text.length()) {
      char after = text.charAt(end);
      if (CODE_NEIGHBOURS.indexOf(after) >= 0) {
        return true;
      }
      boolean joinsAnother = isJoiner(after)
          && end + 1 < text.length()
          && Chars.isLetterOrDigit(text.charAt(end + 1));
      if (joinsAnother) {
        return true;
      }
    }
    return start > 1
        && isJoiner(text.charAt(start - 1))
        && Chars.isLetterOrDigit(text.charAt(start - 2));
  }

  /** Joins a word to the next into an identifier: "v1.b4r", "ns:k3y", "SPT77WML-01", a UUID. */
  private static boolean isJoiner(char c) {
    return c == '.' || c == ':' || c == '-';
  }

  private static void rewrite(String text, int start, int end, StringBuilder out) {
    int firstLetter = -1;
    int lastLetter = -1;
    for (int i = start; i < end; i++) {
      char c = text.charAt(i);
      if (Chars.isLetter(c)) {
        firstLetter = firstLetter < 0 ? i : firstLetter;
        lastLetter = i;
      }
    }
    for (int i = start; i < end; i++) {
      char c = text.charAt(i);
      boolean between = i > firstLetter && i < lastLetter;
      if (!Chars.isLetter(c) && (between || isEdgeLeet(c))) {
        out.setCharAt(i, letterFor(c));
      }
    }
  }
}
