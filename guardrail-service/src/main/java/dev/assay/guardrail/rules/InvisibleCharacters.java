package dev.assay.guardrail.rules;

/**
 * Characters that render as nothing and so split a word without a reader noticing: format
 * characters (zero-width space and joiners, soft hyphen, byte-order mark, bidirectional controls,
 * tag characters), variation selectors and the blank fillers that NFKC keeps. Emoji sequences keep
 * their joiners and presentation selectors.
 */
final class InvisibleCharacters {

  /** The first invisible character: everything below it (ASCII included) is visible. */
  private static final int SOFT_HYPHEN = 0x00AD;

  private InvisibleCharacters() {}

  static String remove(String text) {
    StringBuilder out = null;
    int previous = 0;
    int i = 0;
    while (i < text.length()) {
      int codePoint = text.codePointAt(i);
      int width = Character.charCount(codePoint);
      boolean emojiJoiner = isEmojiPart(codePoint) && isSymbol(previous);
      if (!emojiJoiner) {
        previous = codePoint;
      }
      if (!emojiJoiner && isInvisible(codePoint)) {
        if (out == null) {
          out = new StringBuilder(text.length()).append(text, 0, i);
        }
      } else if (out != null) {
        out.appendCodePoint(codePoint);
      }
      i += width;
    }
    return out == null ? text : out.toString();
  }

  /**
   * The emoji presentation selector and the zero-width joiner after a symbol or a skin-tone
   * modifier ("☕️", "🧙‍♂️", "🤸🏼‍♀️") belong to the emoji and hide nothing; they are kept so ordinary
   * chat text is not reported as changed.
   */
  private static boolean isEmojiPart(int codePoint) {
    return codePoint == 0xFE0F || codePoint == 0x200D;
  }

  private static boolean isSymbol(int codePoint) {
    int type = Character.getType(codePoint);
    return type == Character.OTHER_SYMBOL || type == Character.MODIFIER_SYMBOL;
  }

  static boolean isInvisible(int codePoint) {
    if (codePoint < SOFT_HYPHEN) {
      return false;
    }
    return Character.getType(codePoint) == Character.FORMAT
        || (codePoint >= 0xFE00 && codePoint <= 0xFE0F)
        || (codePoint >= 0xE0100 && codePoint <= 0xE01EF)
        || (codePoint >= 0x180B && codePoint <= 0x180D)
        || codePoint == 0x034F
        || codePoint == 0x115F
        || codePoint == 0x1160
        || codePoint == 0x3164
        || codePoint == 0xFFA0
        || codePoint == 0x2800;
  }
}
