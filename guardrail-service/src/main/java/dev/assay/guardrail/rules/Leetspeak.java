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
 *   <li>numbers without letters ("Room 101", "3 cats", "$15") never change.
 * </ul>
 */
final class Leetspeak {

  private static final int MAX_WORD_LENGTH = 24;
  private static final String CODE_NEIGHBOURS = "_(){}[]<>=/\\#`'\"";

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
    EDGES_ONLY,
    BETWEEN_LETTERS
  }

  static String undo(String text) {
    int length = text.length();
    int[] spans = new int[16];
    int count = 0;
    boolean clearCase = false;
    for (int start = nextWord(text, 0); start < length; ) {
      int end = wordEnd(text, start);
      Evidence evidence = evidence(text, start, end);
      if (evidence != Evidence.NONE) {
        if (count + 2 > spans.length) {
          spans = Arrays.copyOf(spans, spans.length * 2);
        }
        spans[count++] = start;
        spans[count++] = end;
        clearCase |= evidence == Evidence.BETWEEN_LETTERS;
      }
      start = nextWord(text, end);
    }
    if (!clearCase) {
      return text;
    }
    StringBuilder out = new StringBuilder(text);
    for (int i = 0; i < count; i += 2) {
      rewrite(text, spans[i], spans[i + 1], out);
    }
    return out.toString();
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
      if (firstLetter >= 0 && Character.isUpperCase(c)) {
        // an acronym, gene or part name ("MC1R", "HbA1c"), not a word
        return Evidence.NONE;
      }
      if (Chars.isLetter(c)) {
        firstLetter = firstLetter < 0 ? i : firstLetter;
        lastLetter = i;
      }
    }
    if (firstLetter < 0) {
      return Evidence.NONE;
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
