package dev.assay.labeling.quality;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.labeling.support.Fixtures;
import dev.assay.labeling.support.Fixtures.User;
import dev.assay.testing.TestClock;
import dev.assay.platform.identity.Roles;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The quality checks rely on what the server saw, and a rater's own figures do not single out gold items. */
@QuarkusTest
class RaterTimingAndGoldTest {
  @Inject Fixtures fixtures;
  @Inject TestClock clock;

  @Test
  void aSubmitClaimingAMinuteOneSecondAfterTheLeaseCountsAsTooFast() {
    User admin = fixtures.user(Roles.ADMIN, "admin");
    User rater = fixtures.user(Roles.RATER, "claims");
    long campaign = fixtures.activeCampaign(admin, Map.of(), fixtures.comparisons(1));
    long assignment = fixtures.next(rater, campaign).then().statusCode(201).extract().jsonPath().getLong("assignmentId");
    clock.advance(Duration.ofSeconds(1));

    fixtures.submit(rater, assignment, Map.of("choice", "LEFT", "timeSpentMs", 60_000)).then().statusCode(201);

    long stored = fixtures.count("SELECT time_spent_ms FROM preference WHERE assignment_id = ?", assignment);
    assertThat(stored).isBetween(1_000L, 4_000L);
    JsonPath stats = given().header("Authorization", admin.bearer())
        .get("/api/v1/campaigns/" + campaign + "/raters").then().statusCode(200).extract().jsonPath();
    assertThat(stats.getDouble("[0].tooFastShare")).isEqualTo(1.0);
  }

  @Test
  void aRatersOwnGoldFiguresChangeOnlyEveryTwentyJudgements() {
    User admin = fixtures.user(Roles.ADMIN, "admin");
    User rater = fixtures.user(Roles.RATER, "prober");
    long campaign = fixtures.draftCampaign(admin, Map.of("goldRate", 0.5), fixtures.comparisons(40));
    for (long comparison : fixtures.comparisons(20)) {
      given().header("Authorization", admin.bearer()).contentType(ContentType.JSON)
          .body(Map.of("comparisonId", comparison, "choice", "A")).post("/api/v1/campaigns/" + campaign + "/gold")
          .then().statusCode(201);
    }
    fixtures.activate(admin, campaign);

    for (int i = 1; i <= 25; i++) {
      Response task = fixtures.next(rater, campaign);
      assertThat(task.statusCode()).isEqualTo(201);
      clock.advance(Duration.ofSeconds(10));
      // A careful rater (the good answer, wherever it is shown), so the quality checks pause nobody.
      String side = task.jsonPath().getString("left").startsWith("good") ? "LEFT" : "RIGHT";
      fixtures.submit(rater, task.jsonPath().getLong("assignmentId"), Map.of("choice", side, "timeSpentMs", 10_000))
          .then().statusCode(201);
      JsonPath own = given().header("Authorization", rater.bearer())
          .get("/api/v1/me/campaigns/" + campaign + "/stats").then().statusCode(200).extract().jsonPath();
      long goldAtTwenty = fixtures.count("SELECT count(*) FROM (SELECT i.gold FROM assignment a"
          + " JOIN campaign_item i ON i.id = a.campaign_item_id JOIN preference p ON p.assignment_id = a.id"
          + " WHERE a.campaign_id = ? AND a.rater = ? ORDER BY p.id LIMIT 20) f WHERE f.gold", campaign, rater.name());
      if (i < 20) {
        assertThat(own.getInt("judgements")).as("after %d", i).isZero();
        assertThat(own.getInt("goldJudgements")).as("after %d", i).isZero();
      } else {
        assertThat(own.getInt("judgements")).as("after %d", i).isEqualTo(20);
        assertThat((long) own.getInt("goldJudgements")).as("after %d", i).isEqualTo(goldAtTwenty).isPositive();
      }
    }
  }
}
