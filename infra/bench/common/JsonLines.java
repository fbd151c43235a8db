/**
 * The shared data's JSON lines read without a JSON library, so that the benchmark programs need nothing but
 * the JDK. Compiled with each program that uses it (see the run.sh beside the program).
 */
public final class JsonLines {
  private JsonLines() {}

  /**
   * The string value of a top-level key in one JSON object line, or null when the line has no such key or
   * its value is not a string: enough for the shared data's flat records.
   */
  public static String field(String line, String key) {
    int at = line.indexOf("\"" + key + "\"");
    if (at < 0) {
      return null;
    }
    int i = line.indexOf(':', at + key.length() + 2) + 1;
    while (line.charAt(i) == ' ') {
      i++;
    }
    if (line.charAt(i) != '"') {
      return null;
    }
    StringBuilder value = new StringBuilder();
    for (i++; line.charAt(i) != '"'; i++) {
      char ch = line.charAt(i);
      if (ch != '\\') {
        value.append(ch);
        continue;
      }
      char esc = line.charAt(++i);
      switch (esc) {
        case 'n' -> value.append('\n');
        case 't' -> value.append('\t');
        case 'r' -> value.append('\r');
        case 'b' -> value.append('\b');
        case 'f' -> value.append('\f');
        case 'u' -> {
          value.append((char) Integer.parseInt(line.substring(i + 1, i + 5), 16));
          i += 4;
        }
        default -> value.append(esc);
      }
    }
    return value.toString();
  }
}
