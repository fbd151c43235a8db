package dev.assay.guardrail.engine;

import dev.assay.guardrail.rules.NormalizedText;
import dev.assay.store.record.Message;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a stage's checks look at: the text (the user turns of the prompt for input checks, the response
 * for output checks) with its normalised views, and the prompt a reward is conditioned on.
 */
record Subject(String stage, List<Message> prompt, NormalizedText text, boolean explain) {

  /**
   * Every text a check runs on: the original (what is served, and where PII keeps its exact form), the
   * normalised text and each decoded payload; the same text only once.
   */
  List<String> texts() {
    Set<String> texts = new LinkedHashSet<>();
    texts.add(text.original());
    texts.addAll(text.views());
    return List.copyOf(texts);
  }
}
