package dev.assay.labeling.handout;

import dev.assay.labeling.campaign.CampaignState;
import dev.assay.labeling.campaign.Scale;
import dev.assay.platform.jdbc.Sql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/**
 * The campaign settings the hand-out and submit rules read. Loaded with plain SQL in the same statement
 * as the rater's rows (a hand-out request would otherwise spend a round trip on the entity alone).
 */
public record CampaignTerms(long id, String name, String guidelines, CampaignState state, Scale scale,
    boolean allowBothBad, List<String> criteria, double goldRate, Integer leaseSeconds) {

  /**
   * The columns {@link #read} expects, from a {@code campaign} aliased {@code c}; prefixed, because names
   * such as {@code campaign_id} and {@code state} recur in the assignment columns of the same row.
   */
  static final String COLUMNS = "c.id AS terms_id, c.name AS terms_name, c.guidelines AS terms_guidelines,"
      + " c.state AS terms_state, c.scale AS terms_scale, c.allow_both_bad AS terms_allow_both_bad,"
      + " c.criteria AS terms_criteria, c.gold_rate AS terms_gold_rate, c.lease_seconds AS terms_lease_seconds";

  static CampaignTerms read(ResultSet row) throws SQLException {
    Long leaseSeconds = Sql.nullableLong(row, "terms_lease_seconds");
    return new CampaignTerms(
        row.getLong("terms_id"),
        row.getString("terms_name"),
        row.getString("terms_guidelines"),
        CampaignState.valueOf(row.getString("terms_state")),
        Scale.valueOf(row.getString("terms_scale")),
        row.getBoolean("terms_allow_both_bad"),
        Sql.strings(row, "terms_criteria"),
        row.getDouble("terms_gold_rate"),
        leaseSeconds == null ? null : leaseSeconds.intValue());
  }

  Duration lease(Duration fallback) {
    return leaseSeconds == null ? fallback : Duration.ofSeconds(leaseSeconds);
  }
}
