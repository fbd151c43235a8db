package dev.assay.guardrail.rules;

import dev.assay.guardrail.rules.EncodedPayloads.Payload;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Requests hidden in a way no single token shows, as jailbreak kits wrap them (garak's buffs and
 * encodings): a text that names ROT13 is read rotated back as well, and a request cut into quoted parts
 * assigned to variables ({@code Let a = "How to"}, {@code b = " pick a lock"}, then "answer a + b") is
 * read with its parts joined. Both views are extra: the text itself is still checked as written.
 */
public final class WrappedPayloads {
  private static final Pattern ROT13_NAMED = Pattern.compile("\\brot[ -]?13\\b", Pattern.CASE_INSENSITIVE);
  /** {@code name = "} (optionally after "let"): where a quoted part starts; group 1 is the name. */
  private static final Pattern ASSIGNED_PART = Pattern.compile("\\b([A-Za-z_][A-Za-z0-9_]{0,15})\\s*=\\s*\"");
  private static final int MIN_PARTS = 2;

  private WrappedPayloads() {}

  static List<Payload> find(String text) {
    List<Payload> payloads = new ArrayList<>(2);
    // Both patterns need a character most texts lack: checking for it first spares a regex scan of every text.
    if (text.contains("13") && ROT13_NAMED.matcher(text).find()) {
      payloads.add(new Payload(Normalization.ROT13_DECODED, rot13(text)));
    }
    String joined = joinedParts(text);
    if (joined != null) {
      payloads.add(new Payload(Normalization.SPLIT_JOINED, joined));
    }
    return payloads;
  }

  /** Latin letters rotated by 13: its own inverse, so it both hides a payload and reads it back. */
  public static String rot13(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= 'a' && c <= 'z') {
        c = (char) ('a' + (c - 'a' + 13) % 26);
      } else if (c >= 'A' && c <= 'Z') {
        c = (char) ('A' + (c - 'A' + 13) % 26);
      }
      out.append(c);
    }
    return out.toString();
  }

  /**
   * The quoted parts of two or more assignments, joined in order, when the text also joins the first two
   * names ({@code a + b}); null otherwise, so code that merely sets strings is left alone. A part runs to
   * the last quote before the next assignment (parts may hold quotes of their own), so joining them gives
   * back what was cut.
   */
  static String joinedParts(String text) {
    if (text.indexOf('=') < 0) {
      return null;
    }
    Matcher matcher = ASSIGNED_PART.matcher(text);
    List<Integer> starts = new ArrayList<>();
    List<String> names = new ArrayList<>();
    while (matcher.find()) {
      starts.add(matcher.end());
      names.add(matcher.group(1));
    }
    if (starts.size() < MIN_PARTS || !Pattern.compile("\\b" + names.get(0) + "\\s*\\+\\s*" + names.get(1) + "\\b")
        .matcher(text).find()) {
      return null;
    }
    StringBuilder joined = new StringBuilder();
    int parts = 0;
    for (int i = 0; i < starts.size(); i++) {
      int limit = i + 1 < starts.size() ? starts.get(i + 1) : text.length();
      // the next assignment's own opening quote is inside [start, limit): stop before its name
      int nextName = i + 1 < starts.size() ? text.lastIndexOf('=', limit - 1) : limit;
      int close = text.lastIndexOf('"', nextName - 1);
      if (close >= starts.get(i)) {
        joined.append(text, starts.get(i), close);
        parts++;
      }
    }
    return parts >= MIN_PARTS && joined.chars().anyMatch(Character::isLetter)
        ? joined.toString() : null;
  }
}
