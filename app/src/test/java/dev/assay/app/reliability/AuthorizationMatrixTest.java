package dev.assay.app.reliability;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.app.reliability.ApiOperations.Operation;
import dev.assay.platform.identity.IdentityService;
import dev.assay.platform.identity.Roles;
import dev.assay.testing.TestIdentities;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The authorization matrix for EVERY operation in the OpenAPI document (so an endpoint added later is
 * covered without a test written for it): no credentials, a revoked key and the key of a deactivated
 * user get 401, a role the
 * operation does not declare 403, a declared role gets past security (any status but 401/403: dummy
 * ids and bodies may give 404/422).
 */
@QuarkusTest
class AuthorizationMatrixTest {
  private static final String NONE = "no credentials";
  private static final String REVOKED = "a revoked key";
  private static final String DEACTIVATED = "a deactivated admin's key";

  @Inject IdentityService identities;

  @Test
  void everyOperationDeclaresRolesAndEnforcesThem() {
    Map<String, String> credentials = new LinkedHashMap<>();
    credentials.put(NONE, null);
    for (String role : Roles.ALL) {
      credentials.put(role, TestIdentities.bearer(role));
    }
    credentials.put(REVOKED, revokedAdminKey());
    credentials.put(DEACTIVATED, deactivatedAdminKey());
    List<Operation> operations = ApiOperations.all();
    assertThat(operations).as("the API has operations").hasSizeGreaterThan(5);
    List<String> failures = new ArrayList<>();
    for (Operation operation : operations) {
      if (operation.roles().isEmpty()) {
        failures.add(operation + " declares no roles");
        continue;
      }
      int index = operations.indexOf(operation);
      credentials.forEach((who, authorization) -> {
        boolean bad = who.equals(REVOKED) || who.equals(DEACTIVATED);
        int status = call(operation, authorization, index, bad);
        String expected = switch (who) {
          case NONE, REVOKED, DEACTIVATED -> status == 401 ? null : "401";
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

  private String deactivatedAdminKey() {
    String owner = "deactivated-" + UUID.randomUUID().toString().substring(0, 8);
    identities.createUser(owner, "test-password-" + UUID.randomUUID(), List.of(Roles.ADMIN));
    IdentityService.IssuedKey issued = identities.createKey(owner, Roles.ADMIN, "owner to be deactivated");
    identities.setActive(owner, false);
    return "Bearer " + issued.plaintext();
  }

  /**
   * The status of one call, known as soon as the headers arrive (an event stream never ends). Calls with
   * credentials that must fail come from an address of their own per operation, so the throttle on bad
   * keys (tested on its own) never answers in their place.
   */
  private static int call(Operation operation, String authorization, int index, boolean bad) {
    String from = bad ? "127.0.2." + (1 + index % 250) : "127.0.0.1";
    try {
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
          .localAddress(InetAddress.getByName(from)).connectTimeout(Duration.ofSeconds(5)).build();
      HttpRequest.Builder request = HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + RestAssured.port + operation.concretePath(Map.of())))
          .timeout(Duration.ofSeconds(10))
          .header("Content-Type", "application/json")
          .method(operation.method(), HttpRequest.BodyPublishers.ofString("{}"));
      if (authorization != null) {
        request.header("Authorization", authorization);
      }
      HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
      response.body().close();
      return response.statusCode();
    } catch (IOException e) {
      throw new UncheckedIOException(operation + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
