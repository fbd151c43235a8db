package dev.assay.guardrail.rules;

import java.util.List;

/**
 * Checks the parts of a rule as a policy author wrote them, so a bad one is refused when the policy
 * is saved with a message naming the entry ("rule 'x' pattern 3 ..."), never when a text is checked.
 */
final class RuleDefinition {

  private RuleDefinition() {}

  /**
   * @param kind what an entry is called in messages: "pattern" or "term"
   * @throws IllegalArgumentException naming the rule and the first bad entry
   */
  static void check(String name, String kind, List<String> entries, int maxEntries, int maxLength) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a rule needs a name");
    }
    if (entries == null || entries.isEmpty()) {
      throw new IllegalArgumentException("rule '" + name + "' needs at least one " + kind);
    }
    if (entries.size() > maxEntries) {
      throw new IllegalArgumentException("rule '" + name + "' has " + entries.size() + " " + kind
          + "s; at most " + maxEntries + " are allowed");
    }
    for (int i = 0; i < entries.size(); i++) {
      String entry = entries.get(i);
      if (entry == null || entry.isBlank()) {
        throw new IllegalArgumentException("rule '" + name + "' " + kind + " " + i + " is empty");
      }
      if (entry.length() > maxLength) {
        throw new IllegalArgumentException("rule '" + name + "' " + kind + " " + i + " has " + entry.length()
            + " characters; at most " + maxLength + " are allowed");
      }
    }
  }
}
