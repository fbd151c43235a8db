package dev.assay.labeling.handout;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.assay.labeling.support.Fixtures;
import dev.assay.labeling.support.Fixtures.User;
import dev.assay.testing.TestClock;
import dev.assay.platform.identity.Roles;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class JudgementTest {
  @Inject Fixtures fixtures;
  @Inject TestClock clock;

  @Test
  void submittingTheSameAssignmentTwiceStoresOneJudgementAndReturnsIt() {
    User admin = fixtures.user(Roles.ADMIN, "admin");
    User rater = fixtures.user(Roles.RATER, "rater");
    long campaign = fixtures.activeCampaign(admin, Map.of(), fixtures.comparisons(1));
    long assignment = fixtures.next(rater, campaign).then().statusCode(201).extract().jsonPath().getLong("assignmentId");
    Map<String, Object> body = Map.of("choice", "LEFT", "criteria", Map.of("helpfulness", "LEFT"),
        "flags", List.of("refusal"), "rationale", "clearer", "timeSpentMs", 12000);

    long first = fixtures.submit(rater, assignment, body).then().statusCode(201)
        .header("Location", containsString("/api/v1/assignments/" + assignment + "/judgement"))
        .extract().jsonPath().getLong("preferenceId");
    long second = fixtures.submit(rater, assignment, body).then().statusCode(200)
        .body("choice", equalTo("LEFT")).extract().jsonPath().getLong("preferenceId");

    assertThat(second).isEqualTo(first);
    assertThat(fixtures.count("SELECT count(*) FROM preference WHERE assignment_id = ?", assignment)).isOne();
    assertThat(fixtures.count("SELECT count(*) FROM outbox_event WHERE event_type = 'preference.recorded'"
        + " AND (payload->'data'->>'assignmentId')::bigint = ?", assignment)).isOne();
  }

  @Test
  void aChoiceTheScaleForbidsIsRejectedNamingTheField() {
    User admin = fixtures.user(Roles.ADMIN, "admin");
    User rater = fixtures.user(Roles.RATER, "rater");
    long binary = fixtures.activeCampaign(admin, Map.of(), fixtures.comparisons(1));
    long assignment = fixtures.next(rater, binary).then().statusCode(201).extract().jsonPath().getLong("assignmentId");

    fixtures.submit(rater, assignment, Map.of("choice", "TIE")).then().statusCode(422)
        .contentType("application/problem+json").body("field", equalTo("choice"));
    fixtures.submit(rater, assignment, Map.of("choice", "BOTH_BAD")).then().statusCode(422).body("field", equalTo("choice"));
    fixtures.submit(rater, assignment, Map.of("choice", "LEFT", "criteria", Map.of("style", "LEFT"))).then()
        .statusCode(422).body("field", equalTo("criteria.style"));
    fixtures.submit(rater, assignment, Map.of("choice", "LEFT", "flags", List.of("boring"))).then()
        .statusCode(422).body("field", equalTo("flags"));

    long sevenPoint = fixtures.activeCampaign(admin, Map.of("scale", "SEVEN_POINT"), fixtures.comparisons(1));
    long other = fixtures.next(rater, sevenPoint).then().statusCode(201).extract().jsonPath().getLong("assignmentId");
    fixtures.submit(rater, other, Map.of("choice", "LEFT", "strength", 9)).then().statusCode(422)
        .body("field", equalTo("strength"));
    fixtures.submit(rater, other, Map.of("choice", "RIGHT", "strength", 2)).then().statusCode(422)
        .body("field", equalTo("choice"));
    assertThat(fixtures.count("SELECT count(*) FROM preference WHERE assignment_id IN (?, ?)", assignment, other)).isZero();
  }

  @Test
  void aLateSubmitIsRejectedWhenOthersCompletedTheComparisonAndAcceptedWhenItIsStillNeeded() {
    User admin = fixtures.user(Roles.ADMIN, "admin");
    User late = fixtures.user(Roles.RATER, "late");
    User other = fixtures.user(Roles.RATER, "other");
    long campaign = fixtures.activeCampaign(admin, Map.of("ratingsRequired", 1), fixtures.comparisons(1));
    long lateAssignment = fixtures.next(late, campaign).then().statusCode(201).extract().jsonPath().getLong("assignmentId");
    fixtures.next(other, campaign).then().statusCode(204); // the only slot is leased

    clock.advance(Duration.ofMinutes(11));
    long otherAssignment = fixtures.next(other, campaign).then().statusCode(201).extract().jsonPath().getLong("assignmentId");
    fixtures.submit(other, otherAssignment, Map.of("choice", "RIGHT")).then().statusCode(201);

    fixtures.submit(late, lateAssignment, Map.of("choice", "LEFT")).then().statusCode(409)
        .body("detail", containsString("expired")).body("detail", containsString("completed by other raters"));
    assertThat(fixtures.count("SELECT count(*) FROM preference WHERE campaign_id = ?", campaign)).isOne();

    long second = fixtures.activeCampaign(admin, Map.of("ratingsRequired", 1), fixtures.comparisons(1));
    long stillNeeded = fixtures.next(late, second).then().statusCode(201).extract().jsonPath().getLong("assignmentId");
    clock.advance(Duration.ofMinutes(11));
    fixtures.submit(late, stillNeeded, Map.of("choice", "LEFT")).then().statusCode(201);
  }

  @Test
  void theTaskIsBlindAndTheJudgementIsStoredInCanonicalOrder() {
    User admin = fixtures.user(Roles.ADMIN, "admin");
    User rater = fixtures.user(Roles.RATER, "rater");
    long campaign = fixtures.activeCampaign(admin, Map.of("scale", "SEVEN_POINT"), fixtures.comparisons(1));
    Response task = fixtures.next(rater, campaign).then().statusCode(201).extract().response();
    String json = task.asString();
    assertThat(json).doesNotContain("secret-model").doesNotContain("comparison").doesNotContain("gold");
    long assignment = task.jsonPath().getLong("assignmentId");
    boolean goodOnLeft = task.jsonPath().getString("left").startsWith("good");

    // The rater says "left somewhat better" (2) and left is more helpful.
    fixtures.submit(rater, assignment, Map.of("strength", 2, "criteria", Map.of("helpfulness", "LEFT"),
        "timeSpentMs", 9000)).then().statusCode(201).body("choice", equalTo("LEFT")).body("strength", equalTo(2));

    List<Object> stored = fixtures.list("SELECT choice, strength, a_shown_left, criteria->>'helpfulness', source,"
        + " rater FROM preference WHERE assignment_id = ?", row -> List.<Object>of(row.getString(1), row.getDouble(2),
            row.getBoolean(3), row.getString(4), row.getString(5), row.getString(6)), assignment).get(0);
    // "good" is response A: the left one is A exactly when A was shown left.
    assertThat(stored.get(2)).isEqualTo(goodOnLeft);
    assertThat(stored).containsExactly(goodOnLeft ? "A" : "B", goodOnLeft ? 2.0 : 6.0, goodOnLeft,
        goodOnLeft ? "A" : "B", "HUMAN", rater.name());
  }

  @Test
  void heartbeatRenewsAndReleaseHandsTheTaskToSomeoneElseButNeverBackToTheReleaser() {
    User admin = fixtures.user(Roles.ADMIN, "admin");
    User first = fixtures.user(Roles.RATER, "first");
    User second = fixtures.user(Roles.RATER, "second");
    long campaign = fixtures.activeCampaign(admin, Map.of("ratingsRequired", 1, "leaseSeconds", 60),
        fixtures.comparisons(1));
    Response task = fixtures.next(first, campaign).then().statusCode(201).extract().response();
    long assignment = task.jsonPath().getLong("assignmentId");
    fixtures.next(first, campaign).then().statusCode(200).body("assignmentId", equalTo((int) assignment));

    clock.advance(Duration.ofSeconds(50));
    String renewed = given().header("Authorization", first.bearer()).post("/api/v1/assignments/" + assignment + "/heartbeat")
        .then().statusCode(200).extract().jsonPath().getString("leaseExpiresAt");
    assertThat(java.time.Instant.parse(renewed)).isAfter(java.time.Instant.parse(task.jsonPath().getString("leaseExpiresAt")));
    clock.advance(Duration.ofSeconds(50)); // past the first lease, within the renewed one
    fixtures.next(second, campaign).then().statusCode(204);

    given().header("Authorization", second.bearer()).post("/api/v1/assignments/" + assignment + "/release")
        .then().statusCode(404); // not theirs
    given().header("Authorization", second.bearer()).post("/api/v1/assignments/" + assignment + "/heartbeat")
        .then().statusCode(404);
    fixtures.submit(second, assignment, Map.of("choice", "LEFT")).then().statusCode(404);
    given().header("Authorization", first.bearer()).post("/api/v1/assignments/" + assignment + "/release")
        .then().statusCode(204);
    fixtures.next(first, campaign).then().statusCode(204);
    long taken = fixtures.next(second, campaign).then().statusCode(201).extract().jsonPath().getLong("assignmentId");
    given().header("Authorization", second.bearer()).contentType(ContentType.JSON).body(Map.of("reason", "not my language"))
        .post("/api/v1/assignments/" + taken + "/skip").then().statusCode(204);
    fixtures.submit(second, taken, Map.of("choice", "LEFT")).then().statusCode(409);
  }

  @Test
  void campaignStatesAllowOnlyTheDocumentedTransitions() {
    User admin = fixtures.user(Roles.ADMIN, "admin");
    User rater = fixtures.user(Roles.RATER, "rater");
    long campaign = fixtures.draftCampaign(admin, Map.of(), fixtures.comparisons(2));
    fixtures.next(rater, campaign).then().statusCode(409);
    transition(admin, campaign, "PAUSED").then().statusCode(409).body("detail", containsString("DRAFT to PAUSED"));
    transition(admin, campaign, "ACTIVE").then().statusCode(200).body("state", equalTo("ACTIVE"));
    transition(admin, campaign, "PAUSED").then().statusCode(200);
    fixtures.next(rater, campaign).then().statusCode(409);
    transition(admin, campaign, "ACTIVE").then().statusCode(200);
    transition(admin, campaign, "COMPLETED").then().statusCode(200);
    transition(admin, campaign, "ACTIVE").then().statusCode(409);
    long empty = fixtures.draftCampaign(admin, Map.of(), List.of(fixtures.comparisons(1).get(0)));
    given().header("Authorization", admin.bearer()).contentType(ContentType.JSON)
        .body(Map.of("name", "x", "criteria", List.of(), "scale", "BINARY", "ratingsRequired", 1))
        .post("/api/v1/campaigns").then().statusCode(422).body("field", equalTo("criteria"));
    assertThat(empty).isPositive();
  }

  @Test
  void raterPoolsAdmitOnlyTheirMembers() {
    User admin = fixtures.user(Roles.ADMIN, "admin");
    User member = fixtures.user(Roles.RATER, "member");
    User outsider = fixtures.user(Roles.RATER, "outsider");
    long campaign = fixtures.activeCampaign(admin, Map.of("raterPool", List.of(member.name())), fixtures.comparisons(1));
    fixtures.next(outsider, campaign).then().statusCode(403).body("detail", containsString("pool"));
    fixtures.next(member, campaign).then().statusCode(201);
    given().header("Authorization", outsider.bearer()).get("/api/v1/campaigns").then().statusCode(200)
        .body("id", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem((int) campaign)));
  }

  @Test
  void candidatesBecomeAllPairsOrASeededSampleOfPairsPerPrompt() {
    User admin = fixtures.user(Roles.ADMIN, "admin");
    String dataset = fixtures.candidatesDataset(3, 4);
    long all = fixtures.draftCampaign(admin, Map.of(), fixtures.comparisons(1));
    given().header("Authorization", admin.bearer()).contentType(ContentType.JSON)
        .body(Map.of("dataset", dataset, "mode", "ALL_PAIRS")).post("/api/v1/campaigns/" + all + "/items")
        .then().statusCode(200).body("added", equalTo(18)).body("comparisonsCreated", equalTo(18));
    long sampled = fixtures.draftCampaign(admin, Map.of(), fixtures.comparisons(1));
    List<Long> first = sample(admin, sampled, dataset);
    long again = fixtures.draftCampaign(admin, Map.of(), fixtures.comparisons(1));
    assertThat(sample(admin, again, dataset)).containsExactlyInAnyOrderElementsOf(first).hasSize(6);
  }

  private List<Long> sample(User admin, long campaign, String dataset) {
    given().header("Authorization", admin.bearer()).contentType(ContentType.JSON)
        .body(Map.of("dataset", dataset, "mode", "SAMPLED_PAIRS", "pairsPerPrompt", 2, "seed", 7))
        .post("/api/v1/campaigns/" + campaign + "/items")
        .then().statusCode(200).body("added", equalTo(6)).body("comparisonsCreated", equalTo(0));
    return fixtures.list("SELECT i.comparison_id FROM campaign_item i JOIN comparison c ON c.id = i.comparison_id"
        + " WHERE i.campaign_id = ? AND c.generator_a LIKE 'gen-%'", row -> row.getLong(1), campaign);
  }

  private static Response transition(User admin, long campaign, String state) {
    return given().header("Authorization", admin.bearer()).contentType(ContentType.JSON).body(Map.of("state", state))
        .put("/api/v1/campaigns/" + campaign + "/state");
  }
}
