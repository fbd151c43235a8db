package dev.assay.labeling.handout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.labeling.support.Fixtures;
import dev.assay.platform.jdbc.Sql;
import io.quarkus.test.TestTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The claim's cost must not grow with what a rater did before. PostgreSQL once planned "never given to
 * this rater" as a merge anti-join over all of the rater's assignments (539 pages here, for a rater with
 * 20,000 of them); this test reads the claim's actual plan for such a rater.
 */
@QuarkusTest
class ClaimPlanTest {
  private static final int ITEMS = 20_000;

  @Inject Sql sql;
  @Inject Fixtures fixtures;
  @Inject ObjectMapper json;

  @Test
  @TestTransaction
  void aClaimForARaterWithTwentyThousandPastAssignmentsReadsOnlyAFewPages() throws Exception {
    String veteran = "veteran-" + UUID.randomUUID();
    // Comparisons in bulk: copies of one fixture comparison under new content hashes.
    long template = fixtures.comparisons(1).get(0);
    List<Long> comparisons = sql.list("INSERT INTO comparison (content_hash, prompt_hash, response_a_hash,"
        + " response_b_hash) SELECT md5(? || g) || md5(g || ?), prompt_hash, response_a_hash, response_b_hash"
        + " FROM comparison CROSS JOIN generate_series(1, ?) g WHERE id = ? RETURNING id",
        row -> row.getLong(1), veteran, veteran, ITEMS, template);
    long past = campaign("past-" + veteran, "COMPLETED", 1, comparisons);
    sql.update("UPDATE campaign_item SET completed = 1 WHERE campaign_id = ?", past);
    sql.update("INSERT INTO assignment (campaign_item_id, campaign_id, rater, state, a_shown_left, leased_at,"
        + " lease_expires_at, finished_at) SELECT id, campaign_id, ?, 'SUBMITTED', true, now(), now(), now()"
        + " FROM campaign_item WHERE campaign_id = ?", veteran, past);
    long campaign = campaign("now-" + veteran, "ACTIVE", 3, comparisons);
    sql.update("ANALYZE campaign_item");
    sql.update("ANALYZE assignment");

    JsonNode plan = json.readTree(sql.one("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + AssignmentRepository.LOCK_CANDIDATE,
            row -> row.getString(1), campaign, false, List.of(), veteran, Instant.now()).orElseThrow())
        .get(0).get("Plan");

    assertThat(sql.count("SELECT count(*) FROM assignment WHERE rater = ?", veteran)).isEqualTo(ITEMS);
    assertThat(plan.get("Actual Rows").asLong()).as("a candidate was found").isOne();
    assertThat(plan.get("Shared Hit Blocks").asLong() + plan.get("Shared Read Blocks").asLong())
        .as("pages read by the claim; plan: %s", plan)
        .isLessThan(60);
  }

  private long campaign(String name, String state, int required, List<Long> comparisons) {
    long id = sql.one("INSERT INTO campaign (name, criteria, scale, ratings_required, state, items_total)"
            + " VALUES (?, '{helpfulness}', 'BINARY', ?, ?, ?) RETURNING id", row -> row.getLong(1), name, required,
            state, comparisons.size()).orElseThrow();
    sql.update("INSERT INTO campaign_item (campaign_id, comparison_id, required) SELECT ?, x.id, ?"
        + " FROM unnest(?::bigint[]) x (id)", id, required, comparisons);
    return id;
  }
}
