package dev.assay.labeling.review;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.labeling.support.Fixtures;
import dev.assay.labeling.support.Fixtures.User;
import dev.assay.platform.identity.Roles;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A campaign's snapshot takes the adjudicated label where a reviewer settled a disagreement. */
@QuarkusTest
class AdjudicatedSnapshotTest {
  @Inject Fixtures fixtures;

  @Test
  void aCampaignSnapshotTakesTheAdjudicatedLabelUnlessRawJudgementsAreAskedFor() {
    User admin = fixtures.user(Roles.ADMIN, "admin");
    List<User> raters = fixtures.raters(3, "adjsnap");
    long campaign = fixtures.activeCampaign(admin, Map.of("scale", "SEVEN_POINT", "ratingsRequired", 3),
        fixtures.comparisons(1));
    // Canonical A, TIE and B: a disagreement the review queue takes.
    fixtures.judgeSevenPoint(campaign, raters, "A", "TIE", "B");
    long review = given().header("Authorization", admin.bearer())
        .get("/api/v1/campaigns/" + campaign + "/reviews?state=OPEN").then().statusCode(200).extract().jsonPath()
        .getLong("[0].id");
    given().header("Authorization", admin.bearer()).contentType(ContentType.JSON)
        .body(Map.of("choice", "B", "rationale", "B is right")).post("/api/v1/reviews/" + review + "/adjudication")
        .then().statusCode(201);

    JsonPath adjudicated = snapshot(admin, campaign, null);
    JsonPath raw = snapshot(admin, campaign, "raw");

    assertThat(adjudicated.getLong("counts.train")).isEqualTo(1);
    assertThat(adjudicated.getLong("counts.ties")).isZero();
    assertThat(choices(adjudicated.getLong("id"))).containsExactly("B");
    assertThat(raw.getLong("counts.train")).isEqualTo(3);
    assertThat(choices(raw.getLong("id"))).containsExactlyInAnyOrder("A", "TIE", "B");

    JsonPath lineage = given().header("Authorization", admin.bearer())
        .get("/api/v1/snapshots/" + adjudicated.getLong("id") + "/lineage").then().statusCode(200).extract().jsonPath();
    assertThat(lineage.getString("filter.judgements")).isEqualTo("adjudicated");
    assertThat(lineage.getLong("adjudicated")).isEqualTo(1);
    assertThat(lineage.getList("raters")).containsExactly(admin.name());
    JsonPath rawLineage = given().header("Authorization", admin.bearer())
        .get("/api/v1/snapshots/" + raw.getLong("id") + "/lineage").then().statusCode(200).extract().jsonPath();
    assertThat(rawLineage.getString("filter.judgements")).isEqualTo("raw");
    assertThat(rawLineage.getLong("adjudicated")).isZero();
  }

  @Test
  void anUnknownJudgementsModeIsRefusedNamingTheField() {
    User admin = fixtures.user(Roles.ADMIN, "admin");
    given().header("Authorization", admin.bearer()).contentType(ContentType.JSON)
        .body(Map.of("name", "bad-mode", "filter", Map.of("campaigns", List.of(1), "judgements", "newest")))
        .post("/api/v1/snapshots").then().statusCode(422).contentType("application/problem+json")
        .body(org.hamcrest.Matchers.containsString("judgements"));
  }

  private JsonPath snapshot(User admin, long campaign, String judgements) {
    Map<String, Object> filter = new HashMap<>(Map.of("campaigns", List.of(campaign), "includeTies", true,
        "validationFraction", 0, "testFraction", 0));
    if (judgements != null) {
      filter.put("judgements", judgements);
    }
    return given().header("Authorization", admin.bearer()).contentType(ContentType.JSON)
        .body(Map.of("name", "campaign-" + campaign + "-" + judgements, "filter", filter))
        .post("/api/v1/snapshots").then().statusCode(201).extract().jsonPath();
  }

  private List<String> choices(long snapshot) {
    return fixtures.list("SELECT p.choice FROM snapshot_record s JOIN preference p ON p.id = s.preference_id"
        + " WHERE s.snapshot_id = ? ORDER BY p.id", row -> row.getString(1), snapshot);
  }
}
