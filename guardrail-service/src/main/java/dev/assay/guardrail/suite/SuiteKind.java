package dev.assay.guardrail.suite;

import java.util.Locale;

/** What a suite tests, and so which metrics its runs report. {@code custom} holds probes saved by hand. */
public enum SuiteKind {
  JAILBREAK,
  MUTATIONS,
  OVER_REFUSAL,
  HARMFUL_RESPONSES,
  BIAS_PAIRS,
  COUNTERFACTUAL,
  CUSTOM;

  /** The name used on the command line, in files and over REST: {@code over-refusal}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static SuiteKind fromWireName(String name) {
    for (SuiteKind kind : values()) {
      if (kind.wireName().equals(name)) {
        return kind;
      }
    }
    throw new IllegalArgumentException("unknown suite kind '" + name + "'");
  }
}
