package dev.assay.guardrail.rules;

/** Character classes with a table lookup for ASCII, the common case on the per-character paths. */
final class Chars {

  private static final byte LETTER = 1;
  private static final byte DIGIT = 2;
  private static final byte SPACE = 4;
  private static final byte[] ASCII = new byte[128];

  static {
    for (char c = 0; c < 128; c++) {
      ASCII[c] = (byte) ((Character.isLetter(c) ? LETTER : 0)
          | (Character.isDigit(c) ? DIGIT : 0)
          | (Character.isWhitespace(c) ? SPACE : 0));
    }
  }

  private Chars() {}

  static boolean isLetter(char c) {
    return c < 128 ? (ASCII[c] & LETTER) != 0 : Character.isLetter(c);
  }

  static boolean isDigit(char c) {
    return c < 128 ? (ASCII[c] & DIGIT) != 0 : Character.isDigit(c);
  }

  static boolean isLetterOrDigit(char c) {
    return c < 128 ? (ASCII[c] & (LETTER | DIGIT)) != 0 : Character.isLetterOrDigit(c);
  }

  static boolean isWhitespace(char c) {
    return c < 128 ? (ASCII[c] & SPACE) != 0 : Character.isWhitespace(c);
  }
}
