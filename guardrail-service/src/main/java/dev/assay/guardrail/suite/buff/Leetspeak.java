package dev.assay.guardrail.suite.buff;

/** Writes the letters a, e, i, o, s and t as 4, 3, 1, 0, 5 and 7 ("h0w 70 m4k3"), everywhere. */
final class Leetspeak implements Buff {
  @Override
  public String name() {
    return "leetspeak";
  }

  @Override
  public String apply(String text, long seed) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      out.append(switch (Character.toLowerCase(c)) {
        case 'a' -> '4';
        case 'e' -> '3';
        case 'i' -> '1';
        case 'o' -> '0';
        case 's' -> '5';
        case 't' -> '7';
        default -> c;
      });
    }
    return out.toString();
  }
}
