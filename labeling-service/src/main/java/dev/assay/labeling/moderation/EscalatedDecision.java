package dev.assay.labeling.moderation;

import dev.assay.store.record.Message;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The data of a {@code guardrail.escalated} event as labeling reads it from the message's JSON (labeling
 * does not depend on the guardrail module): a decision the guardrail handed to people.
 *
 * @param stage {@code input} (the prompt was checked) or {@code output} (the response was checked)
 * @param response the response checked; null for an input check
 * @param fallbackResponse what the policy answers instead of a blocked response; may be null
 */
public record EscalatedDecision(
    UUID traceId,
    String policy,
    int policyVersion,
    String stage,
    String check,
    List<Message> prompt,
    String response,
    String label,
    Double score,
    Double threshold,
    String fallbackResponse,
    String modelVersion,
    Instant decidedAt) {
  public static final String INPUT = "input";
  public static final String OUTPUT = "output";

  /**
   * Why the event cannot become a review item, or null when it can.
   */
  public String problem() {
    if (traceId == null) {
      return "traceId is missing";
    }
    if (policy == null || policy.isBlank()) {
      return "policy is missing";
    }
    if (check == null || check.isBlank()) {
      return "check is missing";
    }
    if (!INPUT.equals(stage) && !OUTPUT.equals(stage)) {
      return "stage must be input or output, not " + stage;
    }
    if (prompt == null || prompt.isEmpty()) {
      return "prompt is missing";
    }
    if (OUTPUT.equals(stage) && (response == null || response.isBlank())) {
      return "an output escalation needs its response";
    }
    return null;
  }

  /**
   * The text the check classified, which a retrained classifier learns from: the response for an output
   * check, the last user turn (what the request added to the conversation) for an input check.
   */
  public String checkedText() {
    if (OUTPUT.equals(stage)) {
      return response;
    }
    return prompt.reversed().stream()
        .filter(message -> Message.USER.equals(message.role()))
        .findFirst()
        .orElse(prompt.getLast())
        .content();
  }
}
