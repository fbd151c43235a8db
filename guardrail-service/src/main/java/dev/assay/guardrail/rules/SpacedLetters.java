package dev.assay.guardrail.rules;

/**
 * Joins words written one letter at a time ("h o w  t o  m a k e", "k.i.l.l"). A group is a run of
 * single-character tokens; a gap of one space or one of {@code . - _ *} joins its neighbours, a
 * longer run of white space separates words and becomes one space. Only groups of three or more
 * tokens with at least two Latin letters and one joining gap change, so "I have 3 cats" and "a b"
 * stay.
 */
final class SpacedLetters {

  private static final int MIN_TOKENS = 3;

  private SpacedLetters() {}

  static String join(String text) {
    StringBuilder out = null;
    int length = text.length();
    int copied = 0;
    int i = 0;
    while (i < length) {
      if (!startsToken(text, i)) {
        i++;
        continue;
      }
      int end = groupEnd(text, i);
      if (end > i) {
        if (out == null) {
          out = new StringBuilder(length);
        }
        out.append(text, copied, i);
        appendJoined(text, i, end, out);
        copied = end;
        i = end;
      } else {
        i++;
      }
    }
    if (out == null) {
      return text;
    }
    return out.append(text, copied, length).toString();
  }

  /** The end of the qualifying group starting at {@code start}, or {@code start} when none. */
  private static int groupEnd(String text, int start) {
    int tokens = 1;
    int letters = isLatinLetter(text.charAt(start)) ? 1 : 0;
    boolean joins = false;
    int lastToken = start;
    int i = start + 1;
    while (true) {
      int gap = gapLength(text, i);
      int next = i + gap;
      if (gap == 0 || !isTokenAt(text, next)) {
        break;
      }
      joins |= gap == 1;
      tokens++;
      letters += isLatinLetter(text.charAt(next)) ? 1 : 0;
      lastToken = next;
      i = next + 1;
    }
    return tokens >= MIN_TOKENS && letters >= 2 && joins ? lastToken + 1 : start;
  }

  private static void appendJoined(String text, int start, int end, StringBuilder out) {
    int i = start;
    while (i < end) {
      char c = text.charAt(i);
      if (isTokenChar(c)) {
        out.append(c);
        i++;
      } else {
        int gap = gapLength(text, i);
        if (gap > 1) {
          out.append(' ');
        }
        i += gap;
      }
    }
  }

  /** One separator character, or a run of white space; 0 when there is no gap at {@code i}. */
  private static int gapLength(String text, int i) {
    if (i >= text.length()) {
      return 0;
    }
    char c = text.charAt(i);
    if (c == '.' || c == '-' || c == '_' || c == '*') {
      return 1;
    }
    int j = i;
    while (j < text.length() && isSpace(text.charAt(j))) {
      j++;
    }
    return j - i;
  }

  /** White space within a line: a line break ends a group, so one-letter list items stay apart. */
  private static boolean isSpace(char c) {
    return c != '\n' && c != '\r' && Chars.isWhitespace(c);
  }

  private static boolean startsToken(String text, int i) {
    return isTokenAt(text, i) && (i == 0 || !Chars.isLetterOrDigit(text.charAt(i - 1)));
  }

  /** A single-character token: a letter or leet character with no letter or digit right after it. */
  private static boolean isTokenAt(String text, int i) {
    return i < text.length()
        && isTokenChar(text.charAt(i))
        && (i + 1 == text.length() || !Chars.isLetterOrDigit(text.charAt(i + 1)));
  }

  private static boolean isTokenChar(char c) {
    return isLatinLetter(c) || Leetspeak.isLeetDigit(c) || c == '@' || c == '$';
  }

  /**
   * Latin only: Russian, Greek and other scripts have common one-letter words ("Я и в школе") that
   * must stay apart.
   */
  private static boolean isLatinLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }
}
