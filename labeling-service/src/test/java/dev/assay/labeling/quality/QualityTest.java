package dev.assay.labeling.quality;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.assay.labeling.support.Fixtures;
import dev.assay.labeling.support.Fixtures.User;
import dev.assay.testing.TestClock;
import dev.assay.platform.identity.Roles;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class QualityTest {
  @Inject Fixtures fixtures;
  @Inject TestClock clock;

  /**
   * Works until no task is left; {@code good} picks the "good answer" (response A), otherwise the bad one.
   * Each task takes {@code timeSpentMs} on the server's clock too, which is what the checks believe.
   */
  private int work(User rater, long campaign, boolean good, long timeSpentMs, int max) {
    int done = 0;
    while (done < max) {
      Response task = fixtures.next(rater, campaign);
      if (task.statusCode() != 201) {
        break;
      }
      boolean goodLeft = task.jsonPath().getString("left").startsWith("good");
      clock.advance(java.time.Duration.ofMillis(timeSpentMs));
      String side = goodLeft == good ? "LEFT" : "RIGHT";
      fixtures.submit(rater, task.jsonPath().getLong("assignmentId"), Map.of("choice", side, "timeSpentMs", timeSpentMs))
          .then().statusCode(201);
      done++;
    }
    return done;
  }

  private long goldCampaign(User admin, double goldRate) {
    long campaign = fixtures.draftCampaign(admin, Map.of("goldRate", goldRate), fixtures.comparisons(30));
    for (long comparison : fixtures.comparisons(15)) {
      given().header("Authorization", admin.bearer()).contentType(ContentType.JSON)
          .body(Map.of("comparisonId", comparison, "choice", "A")).post("/api/v1/campaigns/" + campaign + "/gold")
          .then().statusCode(201);
    }
    fixtures.activate(admin, campaign);
    return campaign;
  }

  @Test
  void aRaterWhoFailsGoldItemsIsPausedAndAdminsAreTold() {
    User admin = fixtures.user(Roles.ADMIN, "admin");
    User careless = fixtures.user(Roles.RATER, "careless");
    // Every task gold while gold is left: at rate 0.5, one run in 170 had fewer than the 5 gold
    // judgements the check needs among the first 20, and was paused only at the 30th.
    long campaign = goldCampaign(admin, 1.0);

    int done = work(careless, campaign, false, 20_000, 100);

    assertThat(done).isEqualTo(20); // paused right after the 20th judgement (the minimum)
    fixtures.next(careless, campaign).then().statusCode(403).body("detail", containsString("gold accuracy"));
    JsonPath stats = given().header("Authorization", admin.bearer()).get("/api/v1/campaigns/" + campaign + "/raters")
        .then().statusCode(200).extract().jsonPath();
    assertThat(stats.getInt("[0].judgements")).isEqualTo(20);
    assertThat(stats.getInt("[0].goldJudgements")).isGreaterThanOrEqualTo(5);
    assertThat(stats.getDouble("[0].goldAccuracy")).isZero();
    assertThat(stats.getBoolean("[0].paused")).isTrue();
    given().header("Authorization", admin.bearer()).get("/api/v1/notifications?unread=true").then().statusCode(200)
        .body("rater", hasItem(careless.name()));
    assertThat(fixtures.count("SELECT count(*) FROM outbox_event WHERE event_type = 'rater.paused'"
        + " AND payload->'data'->>'rater' = ?", careless.name())).isOne();

    given().header("Authorization", admin.bearer()).post("/api/v1/campaigns/" + campaign + "/raters/"
        + careless.name() + "/resume").then().statusCode(204);
    // Resumed by an admin: the check due at the 30th judgement leaves them alone.
    assertThat(work(careless, campaign, false, 20_000, 12)).isEqualTo(12);
    fixtures.next(careless, campaign).then().statusCode(201);
  }

  @Test
  void aCarefulRatersStatisticsShowFullGoldAccuracyAndTheirTiming() {
    User admin = fixtures.user(Roles.ADMIN, "admin");
    User careful = fixtures.user(Roles.RATER, "careful");
    long campaign = goldCampaign(admin, 0.5);

    int done = work(careful, campaign, true, 30_000, 25);

    assertThat(done).isEqualTo(25);
    JsonPath own = given().header("Authorization", careful.bearer())
        .get("/api/v1/me/campaigns/" + campaign + "/stats").then().statusCode(200).extract().jsonPath();
    assertThat(own.getDouble("goldAccuracy")).isEqualTo(1.0);
    assertThat(own.getLong("medianTimeMs")).isEqualTo(30_000L);
    assertThat(own.getDouble("tooFastShare")).isZero();
    assertThat(own.getDouble("leftShare")).isBetween(0.0, 1.0);
    assertThat(own.getBoolean("paused")).isFalse();
  }

  @Test
  void tooFastSubmitsPauseARater() {
    User admin = fixtures.user(Roles.ADMIN, "admin");
    User hasty = fixtures.user(Roles.RATER, "hasty");
    long campaign = fixtures.activeCampaign(admin, Map.of(), fixtures.comparisons(30));
    assertThat(work(hasty, campaign, true, 500, 100)).isEqualTo(20);
    fixtures.next(hasty, campaign).then().statusCode(403).body("detail", containsString("faster than"));
  }

  @Test
  void aRaterInThePoolIsCheckedAtTheSameCountAsOneOutsideIt() {
    User admin = fixtures.user(Roles.ADMIN, "admin");
    User pooled = fixtures.user(Roles.RATER, "pooled");
    // Pool members have their campaign row before their first judgement; others get it with it.
    long campaign = fixtures.activeCampaign(admin, Map.of("raterPool", List.of(pooled.name())), fixtures.comparisons(30));
    assertThat(work(pooled, campaign, true, 500, 100)).isEqualTo(20);
    fixtures.next(pooled, campaign).then().statusCode(403).body("detail", containsString("faster than"));
  }

  @Test
  void afterTheMinimumTheChecksRunEveryTenthJudgement() {
    User admin = fixtures.user(Roles.ADMIN, "admin");
    User tiring = fixtures.user(Roles.RATER, "tiring");
    long campaign = fixtures.activeCampaign(admin, Map.of(), fixtures.comparisons(60));
    assertThat(work(tiring, campaign, true, 20_000, 20)).isEqualTo(20);
    // From the 21st on every submit is too fast: the share passes the 50% limit at the 41st judgement
    // (21 of 41), but the checks run at the 20th, 30th, 40th, 50th (check-every = 10).
    assertThat(work(tiring, campaign, true, 500, 100)).isEqualTo(30);
    fixtures.next(tiring, campaign).then().statusCode(403).body("detail", containsString("faster than"));
  }

  @Test
  void disagreeingComparisonsAreQueuedAndAdjudicatedBesideTheOriginalJudgements() {
    User admin = fixtures.user(Roles.ADMIN, "admin");
    List<User> raters = fixtures.raters(3, "split");
    long campaign = fixtures.activeCampaign(admin, Map.of("scale", "SEVEN_POINT", "ratingsRequired", 3),
        fixtures.comparisons(1));
    fixtures.judgeSevenPoint(campaign, raters, "A", "TIE", "B");
    List<String> before = fixtures.list("SELECT id || ':' || choice || ':' || strength FROM preference"
        + " WHERE campaign_id = ? AND source = 'HUMAN' ORDER BY id", row -> row.getString(1), campaign);

    JsonPath queue = given().header("Authorization", admin.bearer())
        .get("/api/v1/campaigns/" + campaign + "/reviews?state=OPEN").then().statusCode(200).extract().jsonPath();
    assertThat(queue.getList("id")).hasSize(1);
    assertThat(queue.getList("[0].judgements")).hasSize(3);
    assertThat(queue.getDouble("[0].agreement")).isCloseTo(1 / 3.0, within(1e-6));
    long review = queue.getLong("[0].id");

    given().header("Authorization", admin.bearer()).contentType(ContentType.JSON)
        .body(Map.of("choice", "A", "rationale", "A answers the question")).post("/api/v1/reviews/" + review + "/adjudication")
        .then().statusCode(201).body("choice", equalTo("A"));
    given().header("Authorization", admin.bearer()).contentType(ContentType.JSON).body(Map.of("choice", "B"))
        .post("/api/v1/reviews/" + review + "/adjudication").then().statusCode(409);

    given().header("Authorization", admin.bearer()).get("/api/v1/reviews/" + review).then().statusCode(200)
        .body("state", equalTo("RESOLVED")).body("adjudication.reviewer", equalTo(admin.name()));
    assertThat(fixtures.list("SELECT id || ':' || choice || ':' || strength FROM preference WHERE campaign_id = ?"
        + " AND source = 'HUMAN' ORDER BY id", row -> row.getString(1), campaign)).isEqualTo(before);
    assertThat(fixtures.count("SELECT count(*) FROM adjudication WHERE review_item_id = ?", review)).isOne();
  }

  @Test
  void progressThroughputAndAgreementDescribeTheCampaign() {
    User admin = fixtures.user(Roles.ADMIN, "admin");
    User researcher = fixtures.user(Roles.RESEARCHER, "researcher");
    List<User> raters = fixtures.raters(3, "agree");
    long campaign = fixtures.activeCampaign(admin, Map.of("ratingsRequired", 3), fixtures.comparisons(4));
    for (User rater : raters) {
      work(rater, campaign, true, 10_000, 3); // 3 of 4 items each: one item stays at 0..3 judgements
    }
    fixtures.next(raters.get(0), campaign).then().statusCode(201); // a live lease

    JsonPath progress = given().header("Authorization", researcher.bearer())
        .get("/api/v1/campaigns/" + campaign + "/progress").then().statusCode(200).extract().jsonPath();
    assertThat(progress.getInt("itemsTotal")).isEqualTo(4);
    assertThat(progress.getLong("judgements")).isEqualTo(9);
    assertThat(progress.getInt("assignments.LEASED")).isEqualTo(1);
    assertThat(progress.getInt("assignments.SUBMITTED")).isEqualTo(9);
    assertThat(progress.getInt("items.done") + progress.getInt("items.inProgress") + progress.getInt("items.open"))
        .isEqualTo(4);

    given().header("Authorization", researcher.bearer()).get("/api/v1/campaigns/" + campaign + "/throughput")
        .then().statusCode(200).body("judgements.sum()", equalTo(9)); // an hour may turn during the test

    JsonPath agreement = given().header("Authorization", researcher.bearer())
        .get("/api/v1/campaigns/" + campaign + "/agreement").then().statusCode(200).extract().jsonPath();
    assertThat(agreement.getList("criterion")).containsExactly("overall", "helpfulness", "harmlessness");
    assertThat(agreement.getInt("[0].values")).isEqualTo(9);
    // Everyone picked response A: perfect agreement but no variation, so alpha and kappa are undefined.
    assertThat(agreement.getString("[0].alphaNominal")).isNull();
  }
}
