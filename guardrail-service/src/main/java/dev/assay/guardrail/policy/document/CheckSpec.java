package dev.assay.guardrail.policy.document;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One check of a policy document, as written. Which fields apply depends on {@code type}:
 *
 * <ul>
 *   <li>{@code regex}: {@code patterns} (Java regular expressions, matched case-insensitively by the
 *       rule engine under its step budget);
 *   <li>{@code deny-list}: {@code list} (a built-in list, e.g. {@code prompt-injection}) or {@code terms};
 *   <li>{@code pii}: {@code types} ({@code email}, {@code phone}, {@code credit-card}, {@code iban},
 *       {@code secret});
 *   <li>{@code classifier}: {@code model} (a production classifier's registry name), {@code label},
 *       {@code threshold} in [0, 1] (the check hits when P(label) &ge; threshold);
 *   <li>{@code reward}: {@code threshold}, a normalised reward (the check hits when the score is below it).
 * </ul>
 *
 * <p>{@code calibratedFor} binds a threshold to the model version it was calibrated on; when another
 * version serves, every decision says so and {@code onUncalibrated} applies ({@code apply} the threshold
 * anyway, {@code fail-open}: the check passes, {@code fail-closed}: it blocks).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CheckSpec(
    String name,
    String type,
    String action,
    List<String> patterns,
    String list,
    List<String> terms,
    List<String> types,
    String model,
    String label,
    Double threshold,
    String calibratedFor,
    String onUncalibrated) {

  public static final String REGEX = "regex";
  public static final String DENY_LIST = "deny-list";
  public static final String PII = "pii";
  public static final String CLASSIFIER = "classifier";
  public static final String REWARD = "reward";
  public static final List<String> TYPES = List.of(REGEX, DENY_LIST, PII, CLASSIFIER, REWARD);
  public static final List<String> ON_UNCALIBRATED = List.of("apply", "fail-open", "fail-closed");

  /** Whether the check compares a model's score with a threshold. */
  public boolean scored() {
    return CLASSIFIER.equals(type) || REWARD.equals(type);
  }
}
