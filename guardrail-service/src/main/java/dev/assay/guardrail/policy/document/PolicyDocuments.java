package dev.assay.guardrail.policy.document;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.assay.guardrail.policy.Policy;
import dev.assay.platform.problem.ProblemException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads policy documents (JSON or YAML) and checks their shape, naming the first bad field as a path
 * ({@code output[1].threshold}). What needs the rule engine or a model (a pattern that does not
 * compile, an unknown PII type or built-in list, a classifier not in production) is checked when the
 * document is compiled.
 */
public final class PolicyDocuments {
  /** Most checks per stage: every check runs on every request, so a policy stays small. */
  public static final int MAX_CHECKS = 32;
  static final int MAX_PATTERNS = 256;
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
  private static final Set<String> TOP = Set.of("name", "description", "fallbackResponse", "onError", "uncertain",
      "input", "output");
  private static final Set<String> CHECK = Set.of("name", "type", "action", "patterns", "list", "terms", "types",
      "model", "label", "threshold", "calibratedFor", "onUncalibrated");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
      .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS));

  private PolicyDocuments() {}

  /** Parses and checks a document; {@code yaml} picks the syntax. */
  public static PolicyDocument parse(String body, boolean yaml) {
    JsonNode root;
    try {
      root = (yaml ? YAML : JSON).readTree(body == null ? "" : body);
    } catch (JsonProcessingException e) {
      Long line = e.getLocation() == null ? null : (long) e.getLocation().getLineNr();
      throw new ProblemException(422, "Invalid Document", "the policy is not valid " + (yaml ? "YAML" : "JSON")
          + ": " + e.getOriginalMessage(), null, line);
    }
    return read(root);
  }

  /** Checks a document given as a JSON tree. */
  public static PolicyDocument read(JsonNode root) {
    if (root == null || !root.isObject()) {
      throw ProblemException.invalid("document", "a policy document is an object with input and output checks");
    }
    unknownFields(root, TOP, "");
    String onError = oneOf(root, "onError", "onError", PolicyDocument.FAIL_CLOSED,
        List.of(PolicyDocument.FAIL_OPEN, PolicyDocument.FAIL_CLOSED));
    PolicyDocument.Uncertain uncertain = null;
    JsonNode band = root.get("uncertain");
    if (band != null && !band.isNull()) {
      if (!band.isObject()) {
        throw ProblemException.invalid("uncertain", "uncertain is {band, action}");
      }
      unknownFields(band, Set.of("band", "action"), "uncertain.");
      double width = number(band, "band", "uncertain.band");
      if (!(width >= 0 && width <= 0.5)) {
        throw ProblemException.invalid("uncertain.band", "uncertain.band must be in [0, 0.5]");
      }
      uncertain = new PolicyDocument.Uncertain(width, oneOf(band, "action", "uncertain.action", null,
          List.of(PolicyDocument.ALLOW, PolicyDocument.FLAG, PolicyDocument.ESCALATE, PolicyDocument.BLOCK)));
      if (uncertain.action() == null) {
        throw ProblemException.invalid("uncertain.action", "uncertain.action is required");
      }
    }
    Set<String> names = new HashSet<>();
    List<CheckSpec> input = checks(root, "input", names);
    List<CheckSpec> output = checks(root, "output", names);
    if (input.isEmpty() && output.isEmpty()) {
      throw ProblemException.invalid("output", "a policy needs at least one input or output check");
    }
    return new PolicyDocument(text(root, "name", "name"), text(root, "description", "description"),
        text(root, "fallbackResponse", "fallbackResponse"), onError, uncertain, input, output);
  }

  /**
   * A version made before documents existed, read as the document it amounts to: one output check of
   * the reward score against its threshold, bound to the model version it was calibrated on (if it was),
   * and its no-model rule as the rule for failing checks.
   */
  public static PolicyDocument legacy(Policy policy) {
    Object calibratedFor = policy.calibration == null ? null : policy.calibration.get("model_version");
    CheckSpec reward = new CheckSpec(CheckSpec.REWARD, CheckSpec.REWARD, policy.action, null, null, null, null, null,
        null, policy.threshold, calibratedFor == null ? null : calibratedFor.toString(), "apply");
    return new PolicyDocument(policy.name, policy.description, policy.fallbackResponse, policy.onNoModel, null,
        List.of(), List.of(reward));
  }

  /** The document as JSON (camelCase, as written). */
  public static Map<String, Object> toMap(PolicyDocument document) {
    return JSON.convertValue(document, JSON.getTypeFactory().constructMapType(Map.class, String.class, Object.class));
  }

  /** The document as YAML, the form people edit: {@link #parse} with {@code yaml} reads it back. */
  public static String toYaml(PolicyDocument document) {
    try {
      return YAML.writeValueAsString(document);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("policy document not writable as YAML", e);
    }
  }

  /** A stored document. */
  public static PolicyDocument fromMap(Map<String, Object> stored) {
    return JSON.convertValue(stored, PolicyDocument.class);
  }

  private static List<CheckSpec> checks(JsonNode root, String stage, Set<String> names) {
    JsonNode node = root.get(stage);
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw ProblemException.invalid(stage, stage + " must be a list of checks");
    }
    if (node.size() > MAX_CHECKS) {
      throw ProblemException.invalid(stage, stage + " has " + node.size() + " checks; at most " + MAX_CHECKS);
    }
    List<CheckSpec> checks = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      String at = stage + "[" + i + "]";
      JsonNode check = node.get(i);
      if (!check.isObject()) {
        throw ProblemException.invalid(at, at + " must be an object");
      }
      unknownFields(check, CHECK, at + ".");
      String name = text(check, "name", at + ".name");
      if (name == null || !NAME.matcher(name).matches()) {
        throw ProblemException.invalid(at + ".name", at + ".name must be 1-64 characters of a-z, 0-9, '.', '_' or"
            + " '-', starting with a letter or digit");
      }
      if (!names.add(name)) {
        throw ProblemException.invalid(at + ".name", "another check is already named \"" + name + "\"");
      }
      String type = oneOf(check, "type", at + ".type", null, CheckSpec.TYPES);
      if (type == null) {
        throw ProblemException.invalid(at + ".type", at + ".type is required: one of " + CheckSpec.TYPES);
      }
      String action = oneOf(check, "action", at + ".action", null, PolicyDocument.ACTIONS);
      if (action == null) {
        throw ProblemException.invalid(at + ".action", at + ".action is required: one of " + PolicyDocument.ACTIONS);
      }
      if (PolicyDocument.REDACT.equals(action) && !("output".equals(stage) && CheckSpec.PII.equals(type))) {
        throw ProblemException.invalid(at + ".action", "redact applies to pii checks on the output only");
      }
      CheckSpec spec = new CheckSpec(name, type, action, strings(check, "patterns", at), text(check, "list", at + ".list"),
          strings(check, "terms", at), strings(check, "types", at), text(check, "model", at + ".model"),
          text(check, "label", at + ".label"), check.has("threshold") ? number(check, "threshold", at + ".threshold")
          : null, text(check, "calibratedFor", at + ".calibratedFor"),
          oneOf(check, "onUncalibrated", at + ".onUncalibrated", "apply", CheckSpec.ON_UNCALIBRATED));
      required(spec, stage, at);
      checks.add(spec);
    }
    return checks;
  }

  /** The fields each type needs. */
  private static void required(CheckSpec spec, String stage, String at) {
    switch (spec.type()) {
      case CheckSpec.REGEX -> nonEmpty(spec.patterns(), at + ".patterns");
      case CheckSpec.DENY_LIST -> {
        if ((spec.list() == null) == (spec.terms() == null)) {
          throw ProblemException.invalid(at + ".list", "a deny-list check names a built-in list or gives terms,"
              + " not both");
        }
        if (spec.terms() != null) {
          nonEmpty(spec.terms(), at + ".terms");
        }
      }
      case CheckSpec.PII -> nonEmpty(spec.types(), at + ".types");
      case CheckSpec.CLASSIFIER -> {
        if (spec.model() == null) {
          throw ProblemException.invalid(at + ".model", at + ".model is required: a classifier's registry name");
        }
        if (spec.label() == null) {
          throw ProblemException.invalid(at + ".label", at + ".label is required: the class the check watches");
        }
        if (spec.threshold() == null || !(spec.threshold() >= 0 && spec.threshold() <= 1)) {
          throw ProblemException.invalid(at + ".threshold", at + ".threshold must be a probability in [0, 1]");
        }
      }
      case CheckSpec.REWARD -> {
        if (!"output".equals(stage)) {
          throw ProblemException.invalid(at + ".type", "the reward score judges responses: reward checks go in"
              + " output");
        }
        if (spec.threshold() == null || !Double.isFinite(spec.threshold())) {
          throw ProblemException.invalid(at + ".threshold", at + ".threshold is required: a finite normalised"
              + " reward (e.g. -1.0)");
        }
      }
      default -> throw new IllegalStateException(spec.type());
    }
  }

  private static void nonEmpty(List<String> values, String field) {
    if (values == null || values.isEmpty()) {
      throw ProblemException.invalid(field, field + " must be a non-empty list");
    }
    if (values.size() > MAX_PATTERNS) {
      throw ProblemException.invalid(field, field + " has " + values.size() + " entries; at most " + MAX_PATTERNS);
    }
  }

  private static void unknownFields(JsonNode node, Set<String> known, String prefix) {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        throw ProblemException.invalid(prefix + name, "unknown field " + prefix + name);
      }
    }
  }

  private static String text(JsonNode node, String key, String field) {
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw ProblemException.invalid(field, field + " must be a string");
    }
    return value.asText();
  }

  private static double number(JsonNode node, String key, String field) {
    JsonNode value = node.get(key);
    if (value == null || !value.isNumber()) {
      throw ProblemException.invalid(field, field + " must be a number");
    }
    return value.asDouble();
  }

  private static List<String> strings(JsonNode node, String key, String at) {
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      return null;
    }
    String field = at + "." + key;
    if (!value.isArray()) {
      throw ProblemException.invalid(field, field + " must be a list of strings");
    }
    List<String> values = new ArrayList<>();
    for (int i = 0; i < value.size(); i++) {
      if (!value.get(i).isTextual() || value.get(i).asText().isEmpty()) {
        throw ProblemException.invalid(field + "[" + i + "]", field + "[" + i + "] must be a non-empty string");
      }
      values.add(value.get(i).asText());
    }
    return values;
  }

  private static String oneOf(JsonNode node, String key, String field, String fallback, List<String> allowed) {
    String value = text(node, key, field);
    if (value == null) {
      return fallback;
    }
    if (!allowed.contains(value)) {
      throw ProblemException.invalid(field, field + " must be one of " + allowed + " but was \"" + value + "\"");
    }
    return value;
  }
}
