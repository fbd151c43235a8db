package dev.assay.platform.escalation;

import dev.assay.store.record.Message;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A guardrail decision handed to people: a check whose action (or whose uncertainty band) says
 * "escalate". The guardrail fires it as a CDI event once the decision is made and publishes it as the
 * {@code guardrail.escalated} event; labeling reads the same record from the message's JSON (it does not
 * depend on the guardrail module) and makes it a moderation-review item.
 *
 * @param check the name of the check that escalated
 * @param label the classifier class the check watches, or null for rules and the reward score
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
