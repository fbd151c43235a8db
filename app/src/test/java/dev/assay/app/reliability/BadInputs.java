package dev.assay.app.reliability;

import dev.assay.app.reliability.ApiOperations.Operation;
import dev.assay.app.reliability.ApiOperations.Parameter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A seeded generator of requests that no correct server may accept: wrong types, missing required and
 * unknown fields, oversize strings and lists, deep nesting, texts PostgreSQL cannot store, invalid
 * UTF-8, broken JSON and broken parameters. Each is derived from an operation's OpenAPI declaration,
 * so a new endpoint gets its share without a test written for it. The same seed gives the same inputs.
 */
public final class BadInputs {
  /** Larger than any JSON body the API accepts. */
  static final int OVERSIZE_BYTES = 3 * 1024 * 1024;
  /** Deeper than the JSON nesting the API accepts. */
  static final int NESTING = 5_000;
  /** Longer than any list the API accepts. */
  static final int LIST_LENGTH = 200_000;

  private final Random random;

  public BadInputs(long seed) {
    this.random = new Random(seed);
  }

  /** One bad request: the path (already percent-encoded), the body's bytes and what is wrong with it. */
  public record BadRequest(Operation operation, String what, String path, String contentType, byte[] body) {
    @Override
    public String toString() {
      return operation + " with " + what;
    }
  }

  /**
   * The systematic inputs for one operation: each field and parameter broken in each way that applies,
   * starting from {@code valid} (a body the operation accepts) where the caller has one.
   */
  public List<BadRequest> systematic(Operation operation, Map<String, String> pathValues, Map<String, Object> valid) {
    List<BadRequest> requests = new ArrayList<>(brokenParameters(operation, pathValues));
    if (!operation.takesJson()) {
      return requests;
    }
    String path = operation.concretePath(pathValues);
    Map<String, Object> schema = resolve(operation, operation.bodySchema());
    // from a valid body, each broken field is the only thing wrong: the refusal is that field's own
    Map<String, Object> base = valid != null ? valid : plausibleObject(operation, schema, 0);
    for (String broken : List.of("{", "[1,", "{\"a\":}", "nul", "{\"a\" 1}", "\"text\"", "[]", "null", "")) {
      requests.add(json(operation, "the body " + (broken.isEmpty() ? "empty" : broken), path, broken));
    }
    requests.add(new BadRequest(operation, "invalid UTF-8", path, "application/json",
        concat("{\"x\": \"".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF},
            "\"}".getBytes(StandardCharsets.UTF_8))));
    requests.add(new BadRequest(operation, "a text/plain body", path, "text/plain",
        Json.write(base).getBytes(StandardCharsets.UTF_8)));
    requests.add(json(operation, "an unknown field", path, Json.write(with(base, "unexpectedField", 1))));
    requests.add(json(operation, "a body over the size limit", path,
        Json.write(with(base, "padding", "x".repeat(OVERSIZE_BYTES)))));
    requests.add(json(operation, "nesting " + NESTING + " deep", path,
        "{\"nested\":" + "[".repeat(NESTING) + "]".repeat(NESTING) + "}"));
    for (String required : required(schema)) {
      Map<String, Object> missing = new LinkedHashMap<>(base);
      missing.remove(required);
      requests.add(json(operation, "required field " + required + " missing", path, Json.write(missing)));
    }
    properties(schema).forEach((field, rawProperty) -> {
      Map<String, Object> property = resolve(operation, rawProperty);
      String type = typeOf(property);
      requests.add(json(operation, field + " of the wrong type", path, Json.write(with(base, field, wrongValue(type)))));
      requests.add(json(operation, field + " nested " + NESTING + " deep", path,
          Json.write(with(base, field, new Json.Raw("[".repeat(NESTING) + "]".repeat(NESTING))))));
      switch (type) {
        case "string" -> {
          requests.add(json(operation, field + " holding U+0000", path, Json.write(with(base, field, "a\u0000b"))));
          requests.add(json(operation, field + " holding an unpaired surrogate", path,
              Json.write(with(base, field, new Json.Raw("\"a\\ud800b\"")))));
          requests.add(json(operation, field + " over the size limit", path,
              Json.write(with(base, field, "y".repeat(OVERSIZE_BYTES)))));
        }
        case "integer" -> {
          requests.add(json(operation, field + " out of range", path,
              Json.write(with(base, field, new Json.Raw("99999999999999999999999")))));
          requests.add(json(operation, field + " as a fraction", path, Json.write(with(base, field, "1.5x"))));
        }
        case "number" -> requests.add(json(operation, field + " as NaN", path,
            Json.write(with(base, field, new Json.Raw("NaN")))));
        case "array" -> requests.add(json(operation, field + " with " + LIST_LENGTH + " elements", path,
            Json.write(with(base, field, new Json.Raw("[" + "1,".repeat(LIST_LENGTH - 1) + "1]")))));
        default -> { }
      }
    });
    return requests;
  }

  /** A random bad input for the operation, for operations whose systematic inputs are few. */
  public BadRequest randomized(Operation operation, Map<String, String> pathValues) {
    String path = operation.concretePath(pathValues);
    if (!operation.takesJson()) {
      return randomParameter(operation, pathValues);
    }
    Map<String, Object> schema = resolve(operation, operation.bodySchema());
    Map<String, Object> base = plausibleObject(operation, schema, 0);
    List<String> fields = new ArrayList<>(properties(schema).keySet());
    return switch (random.nextInt(4)) {
      case 0 -> json(operation, "random bytes", path, randomGarbage());
      case 1 -> fields.isEmpty()
          ? json(operation, "a random unknown field", path, Json.write(with(base, "f" + random.nextInt(1_000), 1)))
          : unstorableIn(operation, path, base, fields.get(random.nextInt(fields.size())));
      case 2 -> json(operation, "a truncated body", path, truncate(Json.write(base)));
      default -> json(operation, "a random unknown field", path,
          Json.write(with(base, "extra" + random.nextInt(1_000_000), randomValue(0))));
    };
  }

  private BadRequest unstorableIn(Operation operation, String path, Map<String, Object> base, String field) {
    String text = "t" + random.nextInt(1_000) + "\u0000" + random.nextInt(1_000);
    return json(operation, field + " holding U+0000 (random)", path, Json.write(with(base, field, text)));
  }

  /** Every path and query parameter broken: texts PostgreSQL cannot store, invalid UTF-8, non-numbers. */
  private List<BadRequest> brokenParameters(Operation operation, Map<String, String> pathValues) {
    List<BadRequest> requests = new ArrayList<>();
    String body = operation.takesJson() ? Json.write(plausibleObject(operation, resolve(operation, operation.bodySchema()), 0)) : null;
    for (Parameter parameter : operation.parameters()) {
      List<String> values = new ArrayList<>(List.of("%00", "a%00b"));
      if (parameter.in().equals("path")) {
        // a decoder turns invalid UTF-8 into U+FFFD, a valid text: only where it cannot name anything
        values.addAll(List.of("%C3%28", "%ED%A0%80"));
      }
      if (parameter.type().equals("integer") || parameter.type().equals("number")) {
        values.addAll(List.of("abc", "99999999999999999999999", "1e999"));
      }
      for (String value : values) {
        String what = parameter.in() + " parameter " + parameter.name() + "=" + value;
        if (parameter.in().equals("path")) {
          Map<String, String> broken = new LinkedHashMap<>(pathValues);
          broken.put(parameter.name(), value);
          requests.add(new BadRequest(operation, what, operation.concretePath(broken),
              body == null ? null : "application/json", bytes(body)));
        } else if (parameter.in().equals("query")) {
          requests.add(withQuery(operation, operation.concretePath(pathValues) + "?" + parameter.name() + "=" + value,
              what, body));
        }
      }
    }
    return requests;
  }

  private BadRequest withQuery(Operation operation, String pathAndQuery, String what, String body) {
    return new BadRequest(operation, what, pathAndQuery, body == null ? null : "application/json", bytes(body));
  }

  /** A parameter holding a random text with U+0000 in it, or a non-number where a number is declared. */
  private BadRequest randomParameter(Operation operation, Map<String, String> pathValues) {
    List<Parameter> parameters = operation.parameters().stream()
        .filter(p -> p.in().equals("path") || p.in().equals("query"))
        .toList();
    if (parameters.isEmpty()) {
      throw new IllegalArgumentException(operation + " has no parameter to break");
    }
    Parameter parameter = parameters.get(random.nextInt(parameters.size()));
    String value = parameter.type().equals("integer") && random.nextBoolean()
        ? "n" + Integer.toHexString(random.nextInt())
        : "p" + random.nextInt(10_000) + "%00" + random.nextInt(100);
    String what = parameter.in() + " parameter " + parameter.name() + "=" + value + " (random)";
    String body = operation.takesJson() ? Json.write(plausibleObject(operation, resolve(operation, operation.bodySchema()), 0)) : null;
    if (parameter.in().equals("path")) {
      Map<String, String> broken = new LinkedHashMap<>(pathValues);
      broken.put(parameter.name(), value);
      return new BadRequest(operation, what, operation.concretePath(broken), body == null ? null : "application/json", bytes(body));
    }
    return withQuery(operation, operation.concretePath(pathValues) + "?" + parameter.name() + "=" + value, what, body);
  }

  /** Whether {@link #randomized} can break anything in the operation. */
  public static boolean breakable(Operation operation) {
    return operation.takesJson() || operation.parameters().stream().anyMatch(p -> p.in().equals("path") || p.in().equals("query"));
  }

  private String randomGarbage() {
    byte[] garbage = new byte[1 + random.nextInt(64)];
    random.nextBytes(garbage);
    garbage[0] = (byte) "{[\"tfn-0".charAt(random.nextInt(8));
    // a valid JSON document made of random bytes is vanishingly unlikely, and a lone '{' or '[' is not one
    return new String(garbage, StandardCharsets.ISO_8859_1) + "\u0000";
  }

  private String truncate(String json) {
    return json.length() <= 1 ? "{" : json.substring(0, 1 + random.nextInt(json.length() - 1));
  }

  private Object randomValue(int depth) {
    return switch (depth > 2 ? random.nextInt(3) : random.nextInt(5)) {
      case 0 -> random.nextInt();
      case 1 -> "s" + random.nextLong();
      case 2 -> random.nextBoolean();
      case 3 -> List.of(randomValue(depth + 1), randomValue(depth + 1));
      default -> Map.of("k" + random.nextInt(100), randomValue(depth + 1));
    };
  }

  /** A value of the declared shape (the base that one field at a time is broken in). */
  private Map<String, Object> plausibleObject(Operation operation, Map<String, Object> schema, int depth) {
    Map<String, Object> object = new LinkedHashMap<>();
    properties(schema).forEach((field, property) -> object.put(field, plausible(operation, resolve(operation, property), depth + 1)));
    return object;
  }

  @SuppressWarnings("unchecked")
  private Object plausible(Operation operation, Map<String, Object> property, int depth) {
    if (property.get("enum") instanceof List<?> values && !values.isEmpty()) {
      return values.get(0);
    }
    return switch (typeOf(property)) {
      case "integer" -> 1;
      case "number" -> 0.5;
      case "boolean" -> false;
      case "array" -> depth > 3 ? List.of()
          : List.of(plausible(operation, resolve(operation, property.getOrDefault("items", Map.of())), depth + 1));
      case "object" -> depth > 3 ? Map.of() : plausibleObject(operation, property, depth);
      default -> "x";
    };
  }

  private static Object wrongValue(String type) {
    return switch (type) {
      case "string" -> Map.of("not", "a string");
      case "integer", "number" -> "not a number";
      case "boolean" -> Map.of("not", "a boolean");
      case "array" -> Map.of("not", "a list");
      default -> List.of("not", "an object");
    };
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> resolve(Operation operation, Object schema) {
    Map<String, Object> current = schema == null ? Map.of() : (Map<String, Object>) schema;
    for (int hops = 0; hops < 10; hops++) {
      if (current.get("$ref") instanceof String ref) {
        current = (Map<String, Object>) operation.schemas().getOrDefault(ref.substring(ref.lastIndexOf('/') + 1), Map.of());
      } else if (current.get("allOf") instanceof List<?> parts && parts.size() == 1) {
        current = (Map<String, Object>) parts.get(0);
      } else {
        return current;
      }
    }
    return current;
  }

  private static String typeOf(Map<String, Object> property) {
    Object type = property.get("type");
    if (type instanceof List<?> types) {
      type = types.stream().map(String::valueOf).filter(t -> !"null".equals(t)).findFirst().orElse("string");
    }
    if (type == null) {
      return property.containsKey("properties") ? "object" : "string";
    }
    return (String) type;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> properties(Map<String, Object> schema) {
    return (Map<String, Object>) schema.getOrDefault("properties", Map.of());
  }

  @SuppressWarnings("unchecked")
  private static List<String> required(Map<String, Object> schema) {
    return (List<String>) schema.getOrDefault("required", List.of());
  }

  private static Map<String, Object> with(Map<String, Object> base, String field, Object value) {
    Map<String, Object> copy = new LinkedHashMap<>(base);
    copy.put(field, value);
    return copy;
  }

  private static BadRequest json(Operation operation, String what, String path, String body) {
    return new BadRequest(operation, what, path, "application/json", body.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] bytes(String body) {
    return body == null ? null : body.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
