package dev.assay.ui.components;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A word-level diff of two texts by longest common subsequence, for highlighting where two responses
 * differ. Whitespace is kept as its own tokens so the texts are reproduced exactly; only words and
 * punctuation count as changed.
 *
 * <p>The common prefix and suffix are trimmed first; if the rest would still need more than
 * {@link #MAX_CELLS} table cells, the texts are compared line by line instead (coarser but bounded).
 */
public final class WordDiff {
  static final long MAX_CELLS = 4_000_000L;
  private static final Pattern TOKEN = Pattern.compile("\\s+|[\\p{L}\\p{N}_]+|[^\\s\\p{L}\\p{N}_]");

  /** A run of text that is either shared with the other side or only on this side. */
  public record Segment(String text, boolean changed) {}

  /** Both sides, each reproducing its text exactly as a list of segments. */
  public record Result(List<Segment> left, List<Segment> right) {
    /** Fraction of the left and right tokens that are unchanged, 1.0 for identical texts. */
    public double similarity() {
      int same = 0;
      int all = 0;
      for (Segment s : left) {
        all += s.text().length();
        same += s.changed() ? 0 : s.text().length();
      }
      for (Segment s : right) {
        all += s.text().length();
        same += s.changed() ? 0 : s.text().length();
      }
      return all == 0 ? 1.0 : (double) same / all;
    }
  }

  private WordDiff() {}

  public static Result diff(String left, String right) {
    List<String> a = tokens(left == null ? "" : left);
    List<String> b = tokens(right == null ? "" : right);
    int prefix = 0;
    while (prefix < a.size() && prefix < b.size() && a.get(prefix).equals(b.get(prefix))) {
      prefix++;
    }
    int suffix = 0;
    while (suffix < a.size() - prefix && suffix < b.size() - prefix
        && a.get(a.size() - 1 - suffix).equals(b.get(b.size() - 1 - suffix))) {
      suffix++;
    }
    List<String> midA = a.subList(prefix, a.size() - suffix);
    List<String> midB = b.subList(prefix, b.size() - suffix);
    boolean[] keepA = new boolean[midA.size()];
    boolean[] keepB = new boolean[midB.size()];
    if ((long) midA.size() * midB.size() <= MAX_CELLS) {
      lcs(midA, midB, keepA, keepB);
    } else {
      lineLevel(midA, midB, keepA, keepB);
    }
    // Whitespace alone is never "changed": marks then hug the words that differ.
    keepBlanks(midA, keepA);
    keepBlanks(midB, keepB);
    return new Result(
        segments(a, prefix, keepA, suffix),
        segments(b, prefix, keepB, suffix));
  }

  /** Marks the tokens of a and b that belong to one longest common subsequence. */
  private static void lcs(List<String> a, List<String> b, boolean[] keepA, boolean[] keepB) {
    int n = a.size();
    int m = b.size();
    if (n == 0 || m == 0) {
      return;
    }
    int[][] length = new int[n + 1][m + 1];
    for (int i = n - 1; i >= 0; i--) {
      for (int j = m - 1; j >= 0; j--) {
        length[i][j] = a.get(i).equals(b.get(j))
            ? length[i + 1][j + 1] + 1
            : Math.max(length[i + 1][j], length[i][j + 1]);
      }
    }
    int i = 0;
    int j = 0;
    while (i < n && j < m) {
      if (a.get(i).equals(b.get(j))) {
        keepA[i++] = true;
        keepB[j++] = true;
      } else if (length[i + 1][j] >= length[i][j + 1]) {
        i++;
      } else {
        j++;
      }
    }
  }

  private static void keepBlanks(List<String> tokens, boolean[] keep) {
    for (int k = 0; k < keep.length; k++) {
      keep[k] |= tokens.get(k).isBlank();
    }
  }

  /** For very long texts: an LCS over whole lines, then every token of a kept line is kept. */
  private static void lineLevel(List<String> a, List<String> b, boolean[] keepA, boolean[] keepB) {
    List<int[]> linesA = lines(a);
    List<int[]> linesB = lines(b);
    List<String> textA = linesA.stream().map(r -> String.join("", a.subList(r[0], r[1]))).toList();
    List<String> textB = linesB.stream().map(r -> String.join("", b.subList(r[0], r[1]))).toList();
    boolean[] lineKeepA = new boolean[textA.size()];
    boolean[] lineKeepB = new boolean[textB.size()];
    if ((long) textA.size() * textB.size() <= MAX_CELLS) {
      lcs(textA, textB, lineKeepA, lineKeepB);
    }
    apply(linesA, lineKeepA, keepA, a);
    apply(linesB, lineKeepB, keepB, b);
  }

  private static void apply(List<int[]> lines, boolean[] lineKeep, boolean[] keep, List<String> tokens) {
    for (int l = 0; l < lines.size(); l++) {
      for (int t = lines.get(l)[0]; t < lines.get(l)[1]; t++) {
        keep[t] = lineKeep[l];
      }
    }
  }

  /** Token ranges [start, end) of lines; a token holding a newline ends its line. */
  private static List<int[]> lines(List<String> tokens) {
    List<int[]> lines = new ArrayList<>();
    int start = 0;
    for (int t = 0; t < tokens.size(); t++) {
      if (tokens.get(t).indexOf('\n') >= 0) {
        lines.add(new int[] {start, t + 1});
        start = t + 1;
      }
    }
    if (start < tokens.size()) {
      lines.add(new int[] {start, tokens.size()});
    }
    return lines;
  }

  private static List<Segment> segments(List<String> tokens, int prefix, boolean[] keepMiddle, int suffix) {
    List<Segment> out = new ArrayList<>();
    StringBuilder run = new StringBuilder();
    boolean runChanged = false;
    for (int t = 0; t < tokens.size(); t++) {
      int middle = t - prefix;
      boolean changed = middle >= 0 && middle < keepMiddle.length && !keepMiddle[middle];
      if (changed != runChanged && !run.isEmpty()) {
        out.add(new Segment(run.toString(), runChanged));
        run.setLength(0);
      }
      runChanged = changed;
      run.append(tokens.get(t));
    }
    if (!run.isEmpty()) {
      out.add(new Segment(run.toString(), runChanged));
    }
    return out;
  }

  static List<String> tokens(String text) {
    List<String> tokens = new ArrayList<>();
    Matcher matcher = TOKEN.matcher(text);
    while (matcher.find()) {
      tokens.add(matcher.group());
    }
    return tokens;
  }

  /** One side as escaped HTML with changed runs in {@code <mark>}; safe for innerHTML. */
  public static String toHtml(List<Segment> segments) {
    StringBuilder html = new StringBuilder();
    for (Segment segment : segments) {
      if (segment.changed()) {
        html.append("<mark>").append(SafeMarkdown.escape(segment.text())).append("</mark>");
      } else {
        html.append(SafeMarkdown.escape(segment.text()));
      }
    }
    return html.toString();
  }
}
