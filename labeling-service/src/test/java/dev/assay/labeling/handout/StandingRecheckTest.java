package dev.assay.labeling.handout;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import dev.assay.labeling.support.Fixtures;
import dev.assay.labeling.support.Fixtures.User;
import dev.assay.platform.identity.Roles;
import dev.assay.platform.jdbc.Sql;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A rater removed from the pool or paused stops working at once, on a task they already hold too. */
@QuarkusTest
class StandingRecheckTest {
  private static final Map<String, Object> JUDGEMENT = Map.of("choice", "LEFT");

  @Inject Fixtures fixtures;
  @Inject Sql sql;

  private long leaseIn(long campaign, User rater) {
    return fixtures.next(rater, campaign).then().statusCode(201).extract().jsonPath().getLong("assignmentId");
  }

  private static io.restassured.response.Response heartbeat(User rater, long assignment) {
    return given().header("Authorization", rater.bearer()).post("/api/v1/assignments/" + assignment + "/heartbeat");
  }

  @Test
  void aRaterRemovedFromThePoolCanNeitherRenewNorSubmitTheirLease() {
    User admin = fixtures.user(Roles.ADMIN, "admin");
    User leaving = fixtures.user(Roles.RATER, "leaving");
    User staying = fixtures.user(Roles.RATER, "staying");
    long campaign = fixtures.activeCampaign(admin,
        Map.of("raterPool", List.of(leaving.name(), staying.name())), fixtures.comparisons(2));
    long assignment = leaseIn(campaign, leaving);
    heartbeat(leaving, assignment).then().statusCode(200);

    given().header("Authorization", admin.bearer()).contentType(ContentType.JSON)
        .body(Map.of("raters", List.of(staying.name()))).put("/api/v1/campaigns/" + campaign + "/pool")
        .then().statusCode(200);

    heartbeat(leaving, assignment).then().statusCode(403).contentType("application/problem+json")
        .body("detail", containsString("pool"));
    fixtures.submit(leaving, assignment, JUDGEMENT).then().statusCode(403).body("detail", containsString("pool"));
  }

  @Test
  void aPausedRaterCanNeitherRenewNorSubmitTheirLease() {
    User admin = fixtures.user(Roles.ADMIN, "admin");
    User rater = fixtures.user(Roles.RATER, "paused");
    long campaign = fixtures.activeCampaign(admin, Map.of("raterPool", List.of(rater.name())), fixtures.comparisons(2));
    long assignment = leaseIn(campaign, rater);

    QuarkusTransaction.requiringNew().run(() -> sql.update(
        "UPDATE campaign_rater SET paused_at = now(), pause_reason = 'too fast' WHERE campaign_id = ? AND rater = ?",
        campaign, rater.name()));

    heartbeat(rater, assignment).then().statusCode(403).body("detail", containsString("paused"));
    fixtures.submit(rater, assignment, JUDGEMENT).then().statusCode(403).body("detail", containsString("paused"));
  }
}
