package dev.assay.guardrail.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Terms and phrases matched as whole words without case, across any run of white space. Terms are
 * normalised like texts (so a full-width or leetspeak term still matches its plain form) and then
 * folded the way the searched text is folded: lower case, white space runs as one space.
 */
final class DenyListRuleMatcher implements RuleMatcher {

  static final int MAX_TERMS = 20_000;
  static final int MAX_TERM_LENGTH = 1_000;
  private static final TextNormalizer NORMALIZER = new TextNormalizer();

  private final String name;
  private final List<String> terms;
  private final PhraseAutomaton automaton;

  DenyListRuleMatcher(String name, List<String> terms) {
    RuleDefinition.check(name, "term", terms, MAX_TERMS, MAX_TERM_LENGTH);
    this.name = name;
    List<String> folded = new ArrayList<>(terms.size());
    for (int i = 0; i < terms.size(); i++) {
      String term = FoldedText.of(NORMALIZER.normalize(terms.get(i)).normalized()).text().strip();
      if (term.isEmpty()) {
        throw new IllegalArgumentException("rule '" + name + "' term " + i + " has no visible characters");
      }
      folded.add(term);
    }
    this.terms = List.copyOf(folded);
    this.automaton = new PhraseAutomaton(this.terms);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public List<RuleMatch> find(String text) {
    Objects.requireNonNull(text, "text");
    FoldedText folded = FoldedText.of(text);
    String searched = folded.text();
    List<RuleMatch> matches = new ArrayList<>();
    automaton.search(searched, (phrase, end) -> {
      int start = end - terms.get(phrase).length();
      if (isWordBoundary(searched, start) && isWordBoundary(searched, end)) {
        int originalStart = folded.originalStart(start);
        int originalEnd = folded.originalEnd(end);
        matches.add(new RuleMatch(name, text.substring(originalStart, originalEnd), originalStart, originalEnd));
      }
    });
    return Spans.leftmostLongest(matches, RuleMatch::start, RuleMatch::end);
  }

  /** Not inside a word: at an edge, or next to a character that is not a letter or digit. */
  private static boolean isWordBoundary(String text, int at) {
    return at == 0 || at == text.length()
        || !Chars.isLetterOrDigit(text.charAt(at - 1)) || !Chars.isLetterOrDigit(text.charAt(at));
  }
}
