package dev.assay.platform.problem;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import dev.assay.platform.identity.Roles;
import dev.assay.testing.TestIdentities;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A field the endpoint does not know is reported, not dropped in silence. */
@QuarkusTest
class StrictRequestJsonTest {

  @Test
  void anUnknownFieldIsA400NamingItAndCreatesNothing() {
    String admin = TestIdentities.bearer(Roles.ADMIN);
    String name = "strict-" + UUID.randomUUID().toString().substring(0, 8);

    given().header("Authorization", admin).contentType(ContentType.JSON)
        .body(Map.of("username", name, "password", "a-long-password", "roles", List.of(Roles.RATER),
            "rolez", List.of(Roles.ADMIN)))
        .post("/api/v1/admin/users")
        .then().statusCode(400)
        .contentType("application/problem+json")
        .body("field", equalTo("rolez"))
        .body("detail", containsString("rolez"));
    given().header("Authorization", admin).get("/api/v1/admin/users")
        .then().statusCode(200).body("username", not(hasItem(name)));
  }

  @Test
  void aListTooLongIsRefusedWith413WhileItIsRead() {
    String admin = TestIdentities.bearer(Roles.ADMIN);
    String name = "long-" + UUID.randomUUID().toString().substring(0, 8);
    // 250,000 roles: about 1.5 MB, under the body limit, over the token cap
    String body = "{\"username\":\"" + name + "\",\"password\":\"a-long-password\",\"roles\":["
        + "\"rater\",".repeat(249_999) + "\"rater\"]}";

    given().header("Authorization", admin).contentType(ContentType.JSON).body(body)
        .post("/api/v1/admin/users")
        .then().statusCode(413)
        .contentType("application/problem+json")
        .body("detail", containsString("Token count"));
  }
}
