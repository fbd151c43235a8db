package dev.assay.guardrail.policy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.guardrail.ServedTestModels;
import dev.assay.platform.identity.Roles;
import dev.assay.testing.TestIdentities;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Creating, changing and retiring a guardrail policy, and promoting a model, are admin actions in the audit log. */
@QuarkusTest
class PolicyAndPromotionAuditTest {
  final String adminName = "policy-admin-" + UUID.randomUUID().toString().substring(0, 8);
  final String admin = "Bearer " + TestIdentities.key(Roles.ADMIN, adminName);

  @Test
  void eachPolicyVersionAndItsRetirementLeaveAnAuditRowWithActorActionTargetAndTime() {
    String name = "audited-" + UUID.randomUUID().toString().substring(0, 8);
    Instant before = Instant.now().minusSeconds(1);
    given().header("Authorization", admin).contentType(ContentType.JSON)
        .body(Map.of("name", name, "threshold", -1.0, "action", "flag", "on_no_model", "fail-open"))
        .post("/api/v1/guardrail/policies").then().statusCode(201);
    given().header("Authorization", admin).contentType(ContentType.JSON)
        .body(Map.of("name", name, "threshold", -0.5)).post("/api/v1/guardrail/policies").then().statusCode(201);
    given().header("Authorization", admin).delete("/api/v1/guardrail/policies/" + name).then().statusCode(200);

    JsonPath rows = audit("policy:" + name);
    assertThat(rows.getList("items.action")).containsExactly("policy.retire", "policy.create", "policy.create");
    assertThat(rows.getList("items.details.version")).containsExactly(3, 2, 1);
    assertThat(rows.getList("items.actor")).containsOnly(adminName);
    assertThat(Instant.parse(rows.getString("items[2].at"))).isAfter(before);
  }

  @Test
  void promotingAModelLeavesAnAuditRowWithTheGatesVerdict() throws Exception {
    long candidate = ServedTestModels.trainCandidate(11);
    given().header("Authorization", admin).contentType(ContentType.JSON).post("/api/v1/models/" + candidate + "/promote")
        .then().statusCode(200);

    JsonPath rows = audit("model:" + candidate);
    assertThat(rows.getList("items.action")).containsExactly("model.promote");
    assertThat(rows.getList("items.actor")).containsExactly(adminName);
    assertThat(rows.getBoolean("items[0].details.passed")).isTrue();
  }

  private JsonPath audit(String target) {
    return given().header("Authorization", admin).queryParam("target", target).get("/api/v1/admin/audit")
        .then().statusCode(200).extract().jsonPath();
  }
}
