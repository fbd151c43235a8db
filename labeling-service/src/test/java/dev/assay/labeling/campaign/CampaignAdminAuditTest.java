package dev.assay.labeling.campaign;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.labeling.support.Fixtures;
import dev.assay.labeling.support.Fixtures.User;
import dev.assay.platform.identity.Roles;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Setting a gold answer and replacing a campaign's rater pool are admin actions in the audit log. */
@QuarkusTest
class CampaignAdminAuditTest {
  @Inject Fixtures fixtures;

  @Test
  void aGoldAnswerAndAPoolChangeEachLeaveAnAuditRowWithActorActionTargetAndTime() {
    User admin = fixtures.user(Roles.ADMIN, "admin");
    User rater = fixtures.user(Roles.RATER, "pooled");
    long campaign = fixtures.draftCampaign(admin, Map.of(), fixtures.comparisons(3));
    long gold = fixtures.comparisons(1).getFirst();
    Instant before = Instant.now().minusSeconds(1);

    given().header("Authorization", admin.bearer()).contentType(ContentType.JSON)
        .body(Map.of("comparisonId", gold, "choice", "A")).post("/api/v1/campaigns/" + campaign + "/gold")
        .then().statusCode(201);
    given().header("Authorization", admin.bearer()).contentType(ContentType.JSON)
        .body(Map.of("raters", List.of(rater.name()))).put("/api/v1/campaigns/" + campaign + "/pool")
        .then().statusCode(200);

    JsonPath rows = given().header("Authorization", admin.bearer()).queryParam("target", "campaign:" + campaign)
        .get("/api/v1/admin/audit").then().statusCode(200).extract().jsonPath();
    assertThat(rows.getList("items.action")).containsExactly("campaign.pool", "campaign.gold");
    assertThat(rows.getList("items.actor")).containsOnly(admin.name());
    assertThat(rows.getList("items[0].details.raters")).containsExactly(rater.name());
    assertThat(rows.getLong("items[1].details.comparison")).isEqualTo(gold);
    assertThat(rows.getString("items[1].details.choice")).isEqualTo("A");
    assertThat(Instant.parse(rows.getString("items[1].at"))).isAfter(before);
  }
}
