package dev.assay.ui.components;

/** A text shortened to one line for a grid cell: runs of white space as one space, cut with an ellipsis. */
public final class OneLine {
  private static final int MAX_CHARS = 160;

  private OneLine() {}

  public static String of(String text) {
    if (text == null) {
      return "";
    }
    String line = text.replaceAll("\\s+", " ").strip();
    return line.length() > MAX_CHARS ? line.substring(0, MAX_CHARS - 1) + "…" : line;
  }
}
