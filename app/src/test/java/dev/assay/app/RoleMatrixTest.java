package dev.assay.app;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.platform.identity.Roles;
import dev.assay.testing.TestIdentities;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The role matrix for EVERY endpoint in the OpenAPI document (so endpoints added later are covered
 * without touching this test): anonymous gets 401, a role the endpoint does not allow gets 403, an
 * allowed role gets past security (any status but 401/403; dummy ids and bodies may give 404/422).
 */
@QuarkusTest
class RoleMatrixTest {
  private static final Map<String, String> keys = new java.util.HashMap<>();

  @BeforeAll
  static void keysForEveryRole() {
    for (String role : Roles.ALL) {
      keys.put(role, TestIdentities.bearer(role));
    }
  }

  record Endpoint(String method, String path, List<String> roles) {
    String concretePath() {
      return path.replaceAll("\\{[^}]+}", "999999");
    }
  }

  @Test
  void everyEndpointDeclaresRolesAndEnforcesThem() {
    List<Endpoint> endpoints = endpoints();
    assertThat(endpoints).as("the API has endpoints").hasSizeGreaterThan(5);
    List<String> failures = new ArrayList<>();
    for (Endpoint endpoint : endpoints) {
      if (endpoint.roles().isEmpty()) {
        failures.add(endpoint + " declares no roles");
        continue;
      }
      int anonymous = call(endpoint, null);
      if (anonymous != 401) {
        failures.add(endpoint + " anonymous -> " + anonymous);
      }
      for (String role : Roles.ALL) {
        int status = call(endpoint, keys.get(role));
        boolean allowed = endpoint.roles().contains(role);
        if (allowed && (status == 401 || status == 403)) {
          failures.add(endpoint + " allowed role " + role + " -> " + status);
        } else if (!allowed && status != 403) {
          failures.add(endpoint + " other role " + role + " -> " + status);
        }
      }
    }
    assertThat(failures).isEmpty();
  }

  @Test
  void errorsAreProblemJson() {
    Response response = given().get("/api/v1/datasets");
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.jsonPath().getInt("status")).isEqualTo(401);
    assertThat(response.jsonPath().getString("title")).isEqualTo("Unauthorized");

    Response revoked = given().header("Authorization", "Bearer assay_nothing_here").get("/api/v1/datasets");
    assertThat(revoked.statusCode()).isEqualTo(401);
    assertThat(revoked.jsonPath().getString("detail")).contains("unknown or revoked");
  }

  /** The status of one call; a stream that keeps the connection open (SSE) counts as admitted (200). */
  private static int call(Endpoint endpoint, String authorization) {
    var request = given()
        .config(RestAssuredConfig.config().httpClient(HttpClientConfig.httpClientConfig()
            .setParam("http.socket.timeout", 5_000)))
        .contentType("application/json")
        .body("{}");
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    try {
      return request.request(endpoint.method(), endpoint.concretePath()).statusCode();
    } catch (Exception e) {
      // RestAssured rethrows the socket timeout unchecked or as is, depending on where it struck.
      if (e instanceof java.net.SocketTimeoutException || e.getCause() instanceof java.net.SocketTimeoutException) {
        return 200;
      }
      throw new IllegalStateException(endpoint + " failed: " + e, e);
    }
  }

  @SuppressWarnings("unchecked")
  private static List<Endpoint> endpoints() {
    JsonPath openapi = given().queryParam("format", "json").get("/q/openapi").jsonPath();
    Map<String, Map<String, Object>> paths = openapi.getMap("paths");
    List<Endpoint> endpoints = new ArrayList<>();
    paths.forEach((path, operations) -> operations.forEach((method, operation) -> {
      if (!(operation instanceof Map<?, ?> op) || !List.of("get", "post", "put", "delete", "patch").contains(method)) {
        return;
      }
      List<String> roles = new ArrayList<>();
      Object security = op.get("security");
      if (security instanceof List<?> requirements) {
        for (Object requirement : requirements) {
          ((Map<String, List<String>>) requirement).values().forEach(roles::addAll);
        }
      }
      endpoints.add(new Endpoint(method.toUpperCase(), path, roles));
    }));
    return endpoints;
  }
}
