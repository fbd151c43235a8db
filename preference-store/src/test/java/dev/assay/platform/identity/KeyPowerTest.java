package dev.assay.platform.identity;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.assay.testing.TestIdentities;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An API key can do no more than its owner may do now: its scope meets the owner's current roles. */
@QuarkusTest
class KeyPowerTest {
  private String admin;

  @BeforeEach
  void anotherAdmin() {
    admin = TestIdentities.bearer(Roles.ADMIN);
  }

  @Test
  void anAdminDemotedToRaterLosesTheAdminPowersOfTheirKeyAtOnce() {
    String name = "demoted-" + UUID.randomUUID().toString().substring(0, 8);
    String key = "Bearer " + TestIdentities.key(Roles.ADMIN, name);
    given().header("Authorization", key).get("/api/v1/admin/users").then().statusCode(200);

    given().header("Authorization", admin).contentType(ContentType.JSON)
        .body(Map.of("roles", List.of(Roles.RATER)))
        .put("/api/v1/admin/users/" + name + "/roles").then().statusCode(200);

    given().header("Authorization", key).get("/api/v1/admin/users").then().statusCode(403);
    given().header("Authorization", key).contentType(ContentType.JSON)
        .body(Map.of("owner", name, "role", Roles.ADMIN, "label", "way back"))
        .post("/api/v1/admin/api-keys").then().statusCode(403);
    given().header("Authorization", key).contentType(ContentType.JSON)
        .body(Map.of("roles", List.of(Roles.ADMIN)))
        .put("/api/v1/admin/users/" + name + "/roles").then().statusCode(403);
    given().header("Authorization", admin).get("/api/v1/admin/users").then().statusCode(200)
        .body("find { it.username == '" + name + "' }.roles", equalTo(List.of(Roles.RATER)));
  }

  @Test
  void aKeyCannotBeMintedWithARoleItsOwnerDoesNotHave() {
    String rater = "only-rater-" + UUID.randomUUID().toString().substring(0, 8);
    TestIdentities.key(Roles.RATER, rater);

    given().header("Authorization", admin).contentType(ContentType.JSON)
        .body(Map.of("owner", rater, "role", Roles.ADMIN, "label", "escalation"))
        .post("/api/v1/admin/api-keys")
        .then().statusCode(422).contentType("application/problem+json").body("field", equalTo("role"));
  }

  @Test
  void theKeyOfADeactivatedOwnerIsRefused() {
    String name = "leaver-" + UUID.randomUUID().toString().substring(0, 8);
    String key = "Bearer " + TestIdentities.key(Roles.RESEARCHER, name);
    given().header("Authorization", key).get("/api/v1/datasets").then().statusCode(200);

    QuarkusTransaction.requiringNew().run(() -> AppUser.findByUsername(name).orElseThrow().active = false);
    io.quarkus.arc.Arc.container().instance(IdentityService.class).get().forgetCachedStateOf(name);

    given().header("Authorization", key).get("/api/v1/datasets").then().statusCode(401);
  }
}
