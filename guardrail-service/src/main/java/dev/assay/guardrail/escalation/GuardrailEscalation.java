package dev.assay.guardrail.escalation;

import dev.assay.store.record.Message;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A guardrail decision handed to people: a check whose action (or whose uncertainty band) says
 * "escalate". The decision engine fires it as a CDI event once the decision is made; it is published as
 * {@code guardrail.escalated} and becomes a moderation-review item in labeling.
 *
 * @param stage {@code input} (the prompt was checked) or {@code output} (the response was checked)
 * @param check the name of the check that escalated
 * @param response the response checked, or null for an input check
 * @param label the classifier class the check watches, or null for rules and the reward score
 */
public record GuardrailEscalation(
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
    Instant decidedAt) {}
