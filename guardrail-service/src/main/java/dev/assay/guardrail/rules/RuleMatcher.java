package dev.assay.guardrail.rules;

import java.util.List;

/**
 * A compiled rule check: regular expressions, a deny list of terms, or a built-in list. Built once
 * when a policy is loaded, then shared by every request (thread-safe). The factories validate the
 * definition and throw {@link IllegalArgumentException} with a message naming the bad entry.
 */
public sealed interface RuleMatcher permits RegexRuleMatcher, DenyListRuleMatcher {

  /** The rule's name, as the decision trace shows it. */
  String name();

  /**
   * Every match in {@code text}, leftmost first, without overlaps.
   *
   * @throws RuleTimeoutException when a regular expression exceeds its step budget
   */
  List<RuleMatch> find(String text);

  /**
   * Java regular expressions matched without case. At most {@value RegexRuleMatcher#MAX_PATTERNS}
   * patterns of at most {@value RegexRuleMatcher#MAX_PATTERN_LENGTH} characters each.
   */
  static RuleMatcher regex(String name, List<String> patterns) {
    return new RegexRuleMatcher(name, patterns);
  }

  /**
   * Terms and phrases matched as whole words, without case, across any run of white space; the
   * terms are normalised as {@link TextNormalizer} normalises texts.
   */
  static RuleMatcher denyList(String name, List<String> terms) {
    return new DenyListRuleMatcher(name, terms);
  }

  /** A deny list shipped with the product, named by {@code listName} (e.g. {@code prompt-injection}). */
  static RuleMatcher builtIn(String listName) {
    return BuiltInLists.matcher(listName);
  }
}
