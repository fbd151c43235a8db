package dev.assay.guardrail.suite.buff;

import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Spaces out the letters of every word ("h o w   t o"): one space between characters, three between
 * words, line breaks kept.
 */
final class LetterSpacing implements Buff {
  private static final Pattern BLANKS = Pattern.compile("[ \\t]+");

  @Override
  public String name() {
    return "spacing";
  }

  @Override
  public String apply(String text, long seed) {
    return text.lines()
        .map(line -> BLANKS.splitAsStream(line.strip())
            .map(word -> word.codePoints().mapToObj(Character::toString).collect(Collectors.joining(" ")))
            .collect(Collectors.joining("   ")))
        .collect(Collectors.joining("\n"));
  }
}
