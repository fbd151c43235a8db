package dev.assay.guardrail.rules;

/**
 * Characters that render as nothing and so split a word without a reader noticing: format
 * characters (zero-width space and joiners, soft hyphen, byte-order mark, bidirectional controls,
 * tag characters), variation selectors and the blank fillers that NFKC keeps.
 */
final class InvisibleCharacters {

  private InvisibleCharacters() {}

  static String remove(String text) {
    StringBuilder out = null;
    int i = 0;
    while (i < text.length()) {
      int codePoint = text.codePointAt(i);
      int width = Character.charCount(codePoint);
      if (isInvisible(codePoint)) {
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

  static boolean isInvisible(int codePoint) {
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
