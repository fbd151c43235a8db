package dev.assay.platform.audit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.platform.identity.Roles;
import dev.assay.testing.Superuser;
import dev.assay.testing.TestIdentities;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Administrative actions leave a row naming who did what to what and when, in an append-only table
 * whose hash chain shows any row changed behind the application's back.
 */
@QuarkusTest
class AdminAuditTest {
  @Inject AgroalDataSource dataSource;

  final String adminName = "auditing-admin-" + UUID.randomUUID().toString().substring(0, 8);
  final String admin = "Bearer " + TestIdentities.key(Roles.ADMIN, adminName);

  @Test
  void creatingAUserChangingItsRolesAndMintingAndRevokingAKeyAreEachAuditedWithActorActionTargetAndTime() {
    Instant before = Instant.now().minusSeconds(1);
    String user = "audited-" + UUID.randomUUID().toString().substring(0, 8);
    given().header("Authorization", admin).contentType(ContentType.JSON)
        .body(Map.of("username", user, "password", "a-long-password", "roles", List.of(Roles.RATER)))
        .post("/api/v1/admin/users").then().statusCode(201);
    given().header("Authorization", admin).contentType(ContentType.JSON)
        .body(Map.of("roles", List.of(Roles.RATER, Roles.RESEARCHER)))
        .put("/api/v1/admin/users/" + user + "/roles").then().statusCode(200);
    long key = given().header("Authorization", admin).contentType(ContentType.JSON)
        .body(Map.of("owner", user, "role", Roles.RATER, "label", "audited"))
        .post("/api/v1/admin/api-keys").then().statusCode(201).extract().jsonPath().getLong("key.id");
    given().header("Authorization", admin).delete("/api/v1/admin/api-keys/" + key).then().statusCode(200);

    JsonPath userRows = given().header("Authorization", admin).queryParam("target", "user:" + user)
        .get("/api/v1/admin/audit").then().statusCode(200).extract().jsonPath();
    assertThat(userRows.getList("items.action")).containsExactly("user.roles", "user.create");
    assertThat(userRows.getList("items.actor")).containsOnly(adminName);
    assertThat(userRows.getList("items[0].details.roles")).containsExactly(Roles.RATER, Roles.RESEARCHER);
    assertThat(Instant.parse(userRows.getString("items[1].at"))).isAfter(before);

    JsonPath keyRows = given().header("Authorization", admin).queryParam("target", "key:" + key)
        .get("/api/v1/admin/audit").then().statusCode(200).extract().jsonPath();
    assertThat(keyRows.getList("items.action")).containsExactly("key.revoke", "key.mint");
    assertThat(keyRows.getList("items.actor")).containsOnly(adminName);

    String export = given().header("Authorization", admin).queryParam("format", "csv")
        .queryParam("target", "key:" + key).get("/api/v1/admin/audit/export").then().statusCode(200)
        .extract().asString();
    assertThat(export.lines()).hasSize(3).element(1).asString().contains("key.mint", adminName);
  }

  @Test
  void theApplicationsRoleCannotUpdateDeleteOrTruncateTheAuditOrMoveItsChain() {
    given().header("Authorization", admin).contentType(ContentType.JSON)
        .body(Map.of("roles", List.of(Roles.ADMIN))).put("/api/v1/admin/users/" + adminName + "/roles")
        .then().statusCode(200);

    assertRefused("UPDATE admin_audit SET actor = 'someone else'");
    assertRefused("DELETE FROM admin_audit");
    assertRefused("TRUNCATE admin_audit");
    assertRefused("UPDATE audit_chain SET head_hash = repeat('0', 64)");
    assertRefused("DELETE FROM audit_chain");
  }

  @Test
  void verifyFindsTheRowChangedBehindTheApplicationsBackAndNothingWhenNoneIs() throws SQLException {
    String user = "tampered-" + UUID.randomUUID().toString().substring(0, 8);
    given().header("Authorization", admin).contentType(ContentType.JSON)
        .body(Map.of("username", user, "password", "a-long-password", "roles", List.of(Roles.RATER)))
        .post("/api/v1/admin/users").then().statusCode(201);
    given().header("Authorization", admin).contentType(ContentType.JSON)
        .body(Map.of("roles", List.of(Roles.RESEARCHER))).put("/api/v1/admin/users/" + user + "/roles")
        .then().statusCode(200);
    long id = given().header("Authorization", admin).queryParam("target", "user:" + user)
        .queryParam("action", "user.create").get("/api/v1/admin/audit").then().statusCode(200)
        .extract().jsonPath().getLong("items[0].id");
    assertThat(admin(verify())).containsEntry("intact", true);

    Superuser.executeBehindTheTriggers("UPDATE admin_audit SET actor = 'nobody' WHERE id = " + id);
    try {
      Map<String, Object> broken = admin(verify());
      assertThat(broken).containsEntry("intact", false);
      assertThat(((Number) broken.get("broken_at")).longValue()).isEqualTo(id);
      assertThat((String) broken.get("problem")).contains("changed");
    } finally {
      Superuser.executeBehindTheTriggers("UPDATE admin_audit SET actor = '" + adminName + "' WHERE id = " + id);
    }
    assertThat(admin(verify())).containsEntry("intact", true);
  }

  private List<Map<String, Object>> verify() {
    return given().header("Authorization", admin).get("/api/v1/admin/audit/verify").then().statusCode(200)
        .extract().jsonPath().getList("");
  }

  private static Map<String, Object> admin(List<Map<String, Object>> reports) {
    return reports.stream().filter(r -> "admin".equals(r.get("chain"))).findFirst().orElseThrow();
  }

  private void assertRefused(String sql) {
    assertThatThrownBy(() -> {
      try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
        statement.execute(sql);
      }
    }).as(sql).isInstanceOf(SQLException.class)
        .hasMessageFindingMatch("append-only|permission denied");
  }
}
