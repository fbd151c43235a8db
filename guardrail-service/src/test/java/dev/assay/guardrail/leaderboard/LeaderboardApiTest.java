package dev.assay.guardrail.leaderboard;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.guardrail.ServedTestModels;
import dev.assay.platform.identity.Roles;
import dev.assay.store.dataset.ImportService;
import dev.assay.testing.TestIdentities;
import dev.assay.trainer.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A leaderboard of the AlpacaEval judged pairs, next to a real reward model's win rates. */
@QuarkusTest
class LeaderboardApiTest {
  @Inject ImportService imports;

  @Test
  void judgedPairsGiveAnchoredBradleyTerryRatingsWithIntervalsAndTheRewardModelsWinRates() throws Exception {
    var file = TestData.sharedFile(TestData.ALPACA_EVAL);
    ServedTestModels.ensureProduction();
    String dataset = "alpaca-judged-" + UUID.randomUUID().toString().substring(0, 8);
    imports.importFile(file, dataset, null, null, "tests", n -> {});
    String researcher = TestIdentities.bearer(Roles.RESEARCHER);

    JsonPath board = given().header("Authorization", researcher).queryParam("dataset", dataset)
        .get("/api/v1/leaderboard").then().statusCode(200).extract().jsonPath();
    List<Map<String, Object>> models = board.getList("models");
    System.out.println("leaderboard: " + board.prettify());
    assertThat(models.size()).isGreaterThanOrEqualTo(3);
    assertThat(board.getInt("battles")).isGreaterThan(3000);
    assertThat(board.getInt("ties")).isPositive();
    String anchor = board.getString("anchor");
    double anchorRating = board.getDouble("models.find { it.generator == '" + anchor + "' }.rating");
    assertThat(anchorRating).isEqualTo(1000.0);
    for (int i = 0; i < models.size(); i++) {
      double rating = board.getDouble("models[" + i + "].rating");
      assertThat(board.getDouble("models[" + i + "].ciLower")).isLessThanOrEqualTo(rating);
      assertThat(board.getDouble("models[" + i + "].ciUpper")).isGreaterThanOrEqualTo(rating);
      assertThat(board.getDouble("models[" + i + "].rewardModelWinRate")).isBetween(0.0, 1.0);
      if (i > 0) {
        assertThat(rating).isLessThanOrEqualTo(board.getDouble("models[" + (i - 1) + "].rating"));
      }
    }
    assertThat(board.getInt("comparisonsScored")).isPositive();
    assertThat(board.getDouble("spearman")).isBetween(-1.0, 1.0);
    assertThat(board.getDouble("kendall")).isBetween(-1.0, 1.0);
    // The reward model's own ranking follows its win rates: a higher win rate never ranks below a lower one.
    for (int i = 0; i < models.size(); i++) {
      for (int j = 0; j < models.size(); j++) {
        double winRateI = board.getDouble("models[" + i + "].rewardModelWinRate");
        double winRateJ = board.getDouble("models[" + j + "].rewardModelWinRate");
        if (winRateI > winRateJ) {
          assertThat(board.getInt("models[" + i + "].rewardModelRank"))
              .isLessThan(board.getInt("models[" + j + "].rewardModelRank"));
        }
      }
    }
    assertThat(board.getList("models.rewardModelRank")).contains(1);

    JsonPath again = given().header("Authorization", researcher).queryParam("dataset", dataset)
        .get("/api/v1/leaderboard").then().statusCode(200).extract().jsonPath();
    assertThat(again.getList("models.ciLower")).as("seeded bootstrap").isEqualTo(board.getList("models.ciLower"));
    given().header("Authorization", researcher).get("/api/v1/leaderboard").then().statusCode(422);
    given().header("Authorization", TestIdentities.bearer(Roles.RATER)).queryParam("dataset", dataset)
        .get("/api/v1/leaderboard").then().statusCode(403);
  }
}
