package dev.assay.store.text;

/**
 * The one rule for text entering the store, whatever the door (import, REST, UI): texts are kept as
 * they are, so only what PostgreSQL cannot store is refused. That is U+0000 (text and jsonb reject it)
 * and an unpaired surrogate (no UTF-8 form: the driver would silently turn it into '?'). Every other
 * character, control characters such as U+0001 or U+009F included, is accepted.
 */
public final class StorableText {
  private StorableText() {}

  /** Why {@code text} cannot be stored ("contains U+0000 at position 3"), or null when it can (or is null). */
  public static String problem(String text) {
    if (text == null) {
      return null;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\u0000') {
        return "contains the character U+0000 at position " + (i + 1) + ", which cannot be stored";
      }
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
          i++;
        } else {
          return String.format("contains an unpaired surrogate U+%04X at position %d, which cannot be stored",
              (int) c, i + 1);
        }
      }
    }
    return null;
  }

  public static boolean isStorable(String text) {
    return problem(text) == null;
  }
}
