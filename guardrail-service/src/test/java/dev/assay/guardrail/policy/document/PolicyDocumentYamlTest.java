package dev.assay.guardrail.policy.document;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A document written as YAML for people to edit reads back as the same document, whatever its texts hold. */
class PolicyDocumentYamlTest {

  @Test
  void aDocumentWithTextsYamlWouldMisreadSurvivesTheRoundTrip() {
    PolicyDocument document = PolicyDocuments.parse("""
        {"description": "yes", "fallbackResponse": "Sorry: #1 rule, I can't help.", "onError": "fail-open",
         "uncertain": {"band": 0.05, "action": "escalate"},
         "input": [{"name": "odd", "type": "regex", "action": "block",
                    "patterns": ["[a-z]+: x", "#tag", "*star", "123", "true", "\\\\bkey\\\\s*=", "- dash", "'quoted'"]},
                   {"name": "words", "type": "deny-list", "terms": ["null", "~", "on"], "action": "flag"}],
         "output": [{"name": "pii", "type": "pii", "types": ["email"], "action": "redact"},
                    {"name": "reward", "type": "reward", "threshold": -1.5, "action": "flag",
                     "calibratedFor": "1.0", "onUncalibrated": "fail-closed"}]}
        """, false);

    String yaml = PolicyDocuments.toYaml(document);

    assertThat(yaml).doesNotStartWith("---").contains("fallbackResponse:");
    assertThat(PolicyDocuments.parse(yaml, true)).isEqualTo(document);
    assertThat(document.input().getFirst().patterns()).hasSize(8).contains("\\bkey\\s*=");
    assertThat(document.input().get(1).terms()).isEqualTo(List.of("null", "~", "on"));
  }
}
