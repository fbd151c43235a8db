package dev.assay.guardrail.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Regular expressions matched without case, each search under a step budget. */
final class RegexRuleMatcher implements RuleMatcher {

  static final int MAX_PATTERNS = 200;
  static final int MAX_PATTERN_LENGTH = 1000;
  /**
   * Character reads allowed per character of text and pattern: ordinary patterns read each
   * character a few times, a backtracking one exponentially often.
   */
  static final long STEPS_PER_CHAR = 1_000;
  static final long MIN_STEPS = 1_000_000;

  private final String name;
  private final List<Pattern> patterns;

  RegexRuleMatcher(String name, List<String> patterns) {
    RuleDefinition.check(name, "pattern", patterns, MAX_PATTERNS, MAX_PATTERN_LENGTH);
    this.name = name;
    List<Pattern> compiled = new ArrayList<>(patterns.size());
    for (int i = 0; i < patterns.size(); i++) {
      compiled.add(compile(name, i, patterns.get(i)));
    }
    this.patterns = List.copyOf(compiled);
  }

  private static Pattern compile(String name, int index, String pattern) {
    try {
      return Pattern.compile(pattern, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    } catch (PatternSyntaxException invalid) {
      throw new IllegalArgumentException("rule '" + name + "' pattern " + index + " is not a valid regular expression: "
          + invalid.getDescription() + " near index " + invalid.getIndex(), invalid);
    }
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public List<RuleMatch> find(String text) {
    Objects.requireNonNull(text, "text");
    List<RuleMatch> matches = new ArrayList<>();
    for (int i = 0; i < patterns.size(); i++) {
      Pattern pattern = patterns.get(i);
      long budget = Math.max(MIN_STEPS, STEPS_PER_CHAR * (text.length() + pattern.pattern().length()));
      StepBudget counted = new StepBudget(text, budget);
      try {
        Matcher matcher = pattern.matcher(counted);
        while (matcher.find()) {
          if (matcher.end() > matcher.start()) {
            matches.add(new RuleMatch(name, text.substring(matcher.start(), matcher.end()), matcher.start(), matcher.end()));
          }
        }
      } catch (StepBudget.Exhausted exhausted) {
        throw new RuleTimeoutException(name, i, counted.steps());
      } catch (StackOverflowError deepRecursion) {
        // Java's regex engine recurses per repetition of a group; a long text can overflow the stack
        throw new RuleTimeoutException(name, i, counted.steps());
      }
    }
    return Spans.leftmostLongest(matches, RuleMatch::start, RuleMatch::end);
  }
}
