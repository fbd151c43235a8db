package dev.assay.platform.identity;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.assay.testing.TestIdentities;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.DriverManager;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Deactivation and changes made by another process take effect at once, not when a cache expires. */
@QuarkusTest
class RevocationTest {
  @Inject IdentityService identities;

  @ConfigProperty(name = "quarkus.datasource.jdbc.url") String url;
  @ConfigProperty(name = "quarkus.datasource.username") String dbUser;
  @ConfigProperty(name = "quarkus.datasource.password") String dbPassword;

  @Test
  void aDeactivatedUserCannotLogInAndTheirKeysStopAtOnceUntilReactivated() {
    String admin = TestIdentities.bearer(Roles.ADMIN);
    String name = "leaving-" + UUID.randomUUID().toString().substring(0, 8);
    String key = "Bearer " + TestIdentities.key(Roles.RESEARCHER, name);
    identities.resetPassword(name, "a-good-password");
    given().header("Authorization", key).get("/api/v1/datasets").then().statusCode(200);

    given().header("Authorization", admin).post("/api/v1/admin/users/" + name + "/deactivate")
        .then().statusCode(200).body("active", equalTo(false));

    given().header("Authorization", key).get("/api/v1/datasets").then().statusCode(401);
    assertThat(identities.login(name, "a-good-password", "10.6.0.1")).isInstanceOf(IdentityService.LoginResult.Refused.class);
    assertThat(identities.currentUser(name)).isEmpty();

    given().header("Authorization", admin).post("/api/v1/admin/users/" + name + "/reactivate")
        .then().statusCode(200).body("active", equalTo(true));
    given().header("Authorization", key).get("/api/v1/datasets").then().statusCode(200);
    assertThat(identities.currentUser(name)).isPresent();
  }

  @Test
  void aRoleChangeMadeByAnotherProcessReachesThisReplicasCacheWellBeforeItExpires() throws Exception {
    String name = "elsewhere-" + UUID.randomUUID().toString().substring(0, 8);
    String key = "Bearer " + TestIdentities.key(Roles.RESEARCHER, name);
    given().header("Authorization", key).get("/api/v1/datasets").then().statusCode(200);
    assertThat(identities.currentUser(name)).isPresent();
    long cachedAt = System.nanoTime();

    // another replica (or the CLI) demotes the user: a connection of its own, no call into this app
    try (var connection = DriverManager.getConnection(url, dbUser, dbPassword);
        var statement = connection.prepareStatement("UPDATE app_user SET roles = ? WHERE username = ?")) {
      statement.setArray(1, connection.createArrayOf("text", new String[] {Roles.RATER}));
      statement.setString(2, name);
      assertThat(statement.executeUpdate()).isEqualTo(1);
    }

    int status = 200;
    while (status == 200 && System.nanoTime() - cachedAt < 2_500_000_000L) {
      status = given().header("Authorization", key).get("/api/v1/datasets").statusCode();
      Thread.sleep(20);
    }
    assertThat(status).as("the demoted key, within 2.5 s (the cache keeps entries 5 s)").isEqualTo(403);
    assertThat(identities.currentUser(name)).get().extracting(IdentityService.Principal::roles)
        .isEqualTo(List.of(Roles.RATER));
  }
}
