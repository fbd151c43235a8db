package dev.assay.app.reliability;

import static io.restassured.RestAssured.given;

import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The API's operations as the running application's OpenAPI document declares them, so the suites
 * built on it cover an endpoint added later without a test written for it.
 */
public final class ApiOperations {
  private static final List<String> METHODS = List.of("get", "post", "put", "delete", "patch");

  private ApiOperations() {}

  /** A parameter in the path or the query string, with its schema's type ("string", "integer", ...). */
  public record Parameter(String name, String in, String type, String format) {}

  /**
   * One operation: the roles its security requirement lists, its parameters and, when it takes one,
   * the JSON schema of its body (references resolved lazily through {@link #schemas}).
   */
  public record Operation(
      String method, String path, String tag, List<String> roles, List<Parameter> parameters, String bodyMediaType,
      Map<String, Object> bodySchema, Map<String, Object> schemas) {

    /** The area of the API: the operation's tag (its resource), else the first path segment after {@code /api/v1}. */
    public String family() {
      if (tag != null) {
        return tag;
      }
      String rest = path.substring("/api/v1/".length());
      int slash = rest.indexOf('/');
      return slash < 0 ? rest : rest.substring(0, slash);
    }

    /** The path with every parameter replaced by the value given for it, or by an id that exists nowhere. */
    public String concretePath(Map<String, String> values) {
      String concrete = path;
      for (Parameter parameter : parameters) {
        if (parameter.in().equals("path")) {
          concrete = concrete.replace("{" + parameter.name() + "}", values.getOrDefault(parameter.name(), "999999"));
        }
      }
      return concrete.replaceAll("\\{[^}]+}", "999999");
    }

    public boolean takesJson() {
      return bodySchema != null && "application/json".equals(bodyMediaType);
    }

    @Override
    public String toString() {
      return method + " " + path;
    }
  }

  /** Every operation under {@code /api/}, read from {@code /q/openapi}. */
  @SuppressWarnings("unchecked")
  public static List<Operation> all() {
    JsonPath openapi = given().queryParam("format", "json").get("/q/openapi").jsonPath();
    Map<String, Map<String, Object>> paths = openapi.getMap("paths");
    Map<String, Object> components = openapi.getMap("components");
    Map<String, Object> schemas = components == null || components.get("schemas") == null
        ? Map.of() : (Map<String, Object>) components.get("schemas");
    List<Operation> operations = new ArrayList<>();
    paths.forEach((path, item) -> item.forEach((method, value) -> {
      if (!path.startsWith("/api/") || !(value instanceof Map<?, ?> operation) || !METHODS.contains(method)) {
        return;
      }
      List<String> roles = new ArrayList<>();
      if (operation.get("security") instanceof List<?> requirements) {
        for (Object requirement : requirements) {
          ((Map<String, List<String>>) requirement).values().forEach(roles::addAll);
        }
      }
      List<Parameter> parameters = new ArrayList<>();
      if (operation.get("parameters") instanceof List<?> declared) {
        for (Object p : declared) {
          Map<String, Object> parameter = (Map<String, Object>) p;
          Map<String, Object> schema = (Map<String, Object>) parameter.getOrDefault("schema", Map.of());
          parameters.add(new Parameter((String) parameter.get("name"), (String) parameter.get("in"),
              (String) schema.getOrDefault("type", "string"), (String) schema.get("format")));
        }
      }
      String mediaType = null;
      Map<String, Object> bodySchema = null;
      if (operation.get("requestBody") instanceof Map<?, ?> body && body.get("content") instanceof Map<?, ?> content
          && !content.isEmpty()) {
        Map.Entry<?, ?> first = content.containsKey("application/json")
            ? Map.entry("application/json", content.get("application/json"))
            : content.entrySet().iterator().next();
        mediaType = (String) first.getKey();
        bodySchema = (Map<String, Object>) ((Map<String, Object>) first.getValue()).getOrDefault("schema", Map.of());
      }
      String tag = operation.get("tags") instanceof List<?> tags && !tags.isEmpty() ? String.valueOf(tags.getFirst()) : null;
      operations.add(new Operation(method.toUpperCase(), path, tag, List.copyOf(roles), List.copyOf(parameters),
          mediaType, bodySchema, schemas));
    }));
    return operations;
  }
}
