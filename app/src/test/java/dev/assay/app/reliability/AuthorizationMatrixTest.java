package dev.assay.app.reliability;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.app.reliability.ApiOperations.Operation;
import dev.assay.platform.identity.IdentityService;
import dev.assay.platform.identity.Roles;
import dev.assay.testing.TestIdentities;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The authorization matrix for EVERY operation in the OpenAPI document (so an endpoint added later is
 * covered without a test written for it): no credentials get 401, a revoked key 401, a role the
 * operation does not declare 403, a declared role gets past security (any status but 401/403: dummy
 * ids and bodies may give 404/422).
 */
@QuarkusTest
class AuthorizationMatrixTest {
  private static final String NONE = "no credentials";
  private static final String REVOKED = "a revoked key";

  @Inject IdentityService identities;

  @Test
  void everyOperationDeclaresRolesAndEnforcesThem() {
    Map<String, String> credentials = new LinkedHashMap<>();
    credentials.put(NONE, null);
    for (String role : Roles.ALL) {
      credentials.put(role, TestIdentities.bearer(role));
    }
    credentials.put(REVOKED, revokedAdminKey());
    List<Operation> operations = ApiOperations.all();
    assertThat(operations).as("the API has operations").hasSizeGreaterThan(5);
    List<String> failures = new ArrayList<>();
    for (Operation operation : operations) {
      if (operation.roles().isEmpty()) {
        failures.add(operation + " declares no roles");
        continue;
      }
      credentials.forEach((who, authorization) -> {
        int status = call(operation, authorization);
        String expected = switch (who) {
          case NONE, REVOKED -> status == 401 ? null : "401";
          default -> operation.roles().contains(who)
              ? (status == 401 || status == 403 ? "past security" : null)
              : (status == 403 ? null : "403");
        };
        if (expected != null) {
          failures.add(operation + " with " + who + " -> " + status + ", expected " + expected);
        }
      });
    }
    System.out.printf("reliability: authorization checked %d operations x %d credentials = %d calls, %d wrong%n",
        operations.size(), credentials.size(), operations.size() * credentials.size(), failures.size());
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

  private String revokedAdminKey() {
    String owner = "revoked-" + UUID.randomUUID().toString().substring(0, 8);
    identities.createUser(owner, "test-password-" + UUID.randomUUID(), List.of(Roles.ADMIN));
    IdentityService.IssuedKey issued = identities.createKey(owner, Roles.ADMIN, "to be revoked");
    identities.revokeKey(issued.key().id);
    return "Bearer " + issued.plaintext();
  }

  /** The status of one call; a stream that keeps the connection open (SSE) counts as admitted (200). */
  private static int call(Operation operation, String authorization) {
    var request = given()
        .config(RestAssuredConfig.config().httpClient(HttpClientConfig.httpClientConfig()
            .setParam("http.socket.timeout", 5_000)))
        .contentType("application/json")
        .body("{}");
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    try {
      return request.request(operation.method(), operation.concretePath(Map.of())).statusCode();
    } catch (Exception e) {
      // RestAssured rethrows the socket timeout unchecked or as is, depending on where it struck.
      if (e instanceof java.net.SocketTimeoutException || e.getCause() instanceof java.net.SocketTimeoutException) {
        return 200;
      }
      throw new IllegalStateException(operation + " failed: " + e, e);
    }
  }
}
