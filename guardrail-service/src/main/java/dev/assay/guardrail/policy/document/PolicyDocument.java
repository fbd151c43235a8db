package dev.assay.guardrail.policy.document;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A guardrail policy as a document: ordered checks on the input (the user turns of the prompt) and on
 * the output (the response), each with its action, plus what to do when a check cannot decide.
 *
 * @param fallbackResponse served instead of a blocked response
 * @param onError {@code fail-open} (the failing check passes) or {@code fail-closed} (it blocks), for a
 *     check that throws, times out, finds its queue full or has no model in production
 * @param uncertain a band around every threshold inside which a scored check takes the band's action
 *     instead of its own; null for none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PolicyDocument(
    String name,
    String description,
    String fallbackResponse,
    String onError,
    Uncertain uncertain,
    List<CheckSpec> input,
    List<CheckSpec> output) {

  public static final String ALLOW = "allow";
  public static final String FLAG = "flag";
  public static final String REDACT = "redact";
  public static final String ESCALATE = "escalate";
  public static final String BLOCK = "block";
  /** Actions from the least to the most severe: the most severe outcome of all checks is the decision. */
  public static final List<String> ACTIONS = List.of(ALLOW, FLAG, REDACT, ESCALATE, BLOCK);
  public static final String FAIL_OPEN = "fail-open";
  public static final String FAIL_CLOSED = "fail-closed";

  /** |score - threshold| &le; band maps a scored check's outcome to {@code action}. */
  public record Uncertain(double band, String action) {}

  public static int severity(String action) {
    return ACTIONS.indexOf(action);
  }
}
