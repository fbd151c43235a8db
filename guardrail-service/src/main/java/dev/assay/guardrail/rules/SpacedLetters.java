package dev.assay.guardrail.rules;

/**
 * Joins words written one letter at a time ("h o w  t o  m a k e", "k.i.l.l"). A group is a run of
 * single-character tokens; a gap of one space or one of {@code . - _ *} joins its neighbours, a
 * longer run of white space separates words and becomes one space. Only groups of three or more
 * tokens (four when a gap is punctuation) with at least three Latin letters and one joining gap
 * change, so "I have 3 cats", "a b", "m x n" and "J.R.R. Tolkien" stay.
 */
final class SpacedLetters {

  private static final int MIN_TOKENS = 3;
  /** "h 4 c k" has three; "'s a 5-verse" has two and stays. */
  private static final int MIN_LETTERS = 3;
  /** Initials are often dotted or hyphenated ("J.R.R.", "H-E-B"): such groups need one more letter. */
  private static final int MIN_TOKENS_PUNCTUATED = 4;

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
      Group group = group(text, i);
      if (group.joined()) {
        if (out == null) {
          out = new StringBuilder(length);
        }
        out.append(text, copied, i);
        appendJoined(text, i, group.end(), out);
        copied = group.end();
      }
      // no part of a group that does not qualify qualifies: skipping it keeps the scan linear
      i = group.end();
    }
    if (out == null) {
      return text;
    }
    return out.append(text, copied, length).toString();
  }

  /** A maximal run of single-character tokens, ending after its last token. */
  private record Group(int end, boolean joined) {}

  private static Group group(String text, int start) {
    int tokens = 1;
    int letters = isLatinLetter(text.charAt(start)) ? 1 : 0;
    boolean joins = false;
    boolean punctuated = false;
    int secondToken = start;
    int lastToken = start;
    int i = start + 1;
    while (true) {
      int gap = gapLength(text, i);
      int next = i + gap;
      if (gap == 0 || !isTokenAt(text, next)) {
        break;
      }
      joins |= gap == 1;
      punctuated |= !isSpace(text.charAt(i));
      tokens++;
      secondToken = tokens == 2 ? next : secondToken;
      letters += isLatinLetter(text.charAt(next)) ? 1 : 0;
      lastToken = next;
      i = next + 1;
    }
    int needed = punctuated ? MIN_TOKENS_PUNCTUATED : MIN_TOKENS;
    boolean dimensions = tokens == 3 && (text.charAt(secondToken) == 'x' || text.charAt(secondToken) == 'X');
    return new Group(lastToken + 1, !dimensions && tokens >= needed && letters >= MIN_LETTERS && joins);
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

  /** Not inside a word, nor the end of a contraction ("Here's a", "don't"). */
  private static boolean startsToken(String text, int i) {
    if (i == 0) {
      return isTokenAt(text, i);
    }
    char before = text.charAt(i - 1);
    return !Chars.isLetterOrDigit(before) && before != '\'' && before != '\u2019' && isTokenAt(text, i);
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
