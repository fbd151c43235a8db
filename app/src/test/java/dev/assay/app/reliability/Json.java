package dev.assay.app.reliability;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Writes test bodies as JSON, with {@link Raw} values copied verbatim to build documents no mapper would write. */
final class Json {
  private Json() {}

  /** JSON text inserted as it is: an out-of-range number, a bare NaN, an escape for an unpaired surrogate. */
  record Raw(String text) {}

  static String write(Object value) {
    StringBuilder out = new StringBuilder();
    append(out, value);
    return out.toString();
  }

  private static void append(StringBuilder out, Object value) {
    switch (value) {
      case null -> out.append("null");
      case Raw raw -> out.append(raw.text());
      case String text -> appendString(out, text);
      case Number number -> out.append(number);
      case Boolean bool -> out.append(bool);
      case Map<?, ?> map -> {
        out.append('{');
        Iterator<? extends Map.Entry<?, ?>> entries = map.entrySet().iterator();
        while (entries.hasNext()) {
          Map.Entry<?, ?> entry = entries.next();
          appendString(out, String.valueOf(entry.getKey()));
          out.append(':');
          append(out, entry.getValue());
          if (entries.hasNext()) {
            out.append(',');
          }
        }
        out.append('}');
      }
      case List<?> list -> {
        out.append('[');
        for (int i = 0; i < list.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          append(out, list.get(i));
        }
        out.append(']');
      }
      default -> throw new IllegalArgumentException("not a JSON value: " + value.getClass());
    }
  }

  private static void appendString(StringBuilder out, String text) {
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
