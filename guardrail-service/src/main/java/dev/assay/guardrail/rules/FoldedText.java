package dev.assay.guardrail.rules;

/**
 * A text in lower case with each run of white space as one space, remembering where each of its
 * characters came from so a match can be reported at the original offsets.
 */
record FoldedText(String text, int[] origin, int originalLength) {

  static FoldedText of(String original) {
    StringBuilder folded = new StringBuilder(original.length());
    int[] origin = new int[original.length()];
    for (int i = 0; i < original.length(); i++) {
      char c = original.charAt(i);
      if (Chars.isWhitespace(c) || Character.isSpaceChar(c)) {
        if (folded.isEmpty() || folded.charAt(folded.length() - 1) != ' ') {
          origin[folded.length()] = i;
          folded.append(' ');
        }
      } else {
        origin[folded.length()] = i;
        folded.append(Character.toLowerCase(c));
      }
    }
    return new FoldedText(folded.toString(), origin, original.length());
  }

  int originalStart(int foldedStart) {
    return origin[foldedStart];
  }

  /** The original offset just after the folded character before {@code foldedEnd}. */
  int originalEnd(int foldedEnd) {
    return origin[foldedEnd - 1] + 1;
  }
}
