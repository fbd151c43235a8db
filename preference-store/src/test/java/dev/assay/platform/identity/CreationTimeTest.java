package dev.assay.platform.identity;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.notNullValue;

import dev.assay.testing.TestIdentities;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What a create answers already says when the thing was created. */
@QuarkusTest
class CreationTimeTest {

  @Test
  void createdUsersAndKeysCarryTheirCreationTime() {
    String admin = TestIdentities.bearer(Roles.ADMIN);
    String name = "new-" + UUID.randomUUID().toString().substring(0, 8);

    given().header("Authorization", admin).contentType(ContentType.JSON)
        .body(Map.of("username", name, "password", "a-long-password", "roles", List.of(Roles.SERVICE)))
        .post("/api/v1/admin/users")
        .then().statusCode(201).body("createdAt", notNullValue());
    given().header("Authorization", admin).contentType(ContentType.JSON)
        .body(Map.of("owner", name, "role", Roles.SERVICE, "label", "guardrail client"))
        .post("/api/v1/admin/api-keys")
        .then().statusCode(201).body("key.createdAt", notNullValue());
  }
}
