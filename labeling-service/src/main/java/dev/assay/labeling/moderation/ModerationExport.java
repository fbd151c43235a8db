package dev.assay.labeling.moderation;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.labeling.campaign.CampaignService;
import dev.assay.platform.export.ExportFormat;
import dev.assay.platform.export.ExportRows;
import dev.assay.platform.jdbc.Sql;
import dev.assay.platform.problem.ProblemException;
import dev.assay.store.record.PreferenceSql;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A moderation-review campaign's verdicts as classifier training data: one row per reviewed text with
 * {@code text}, {@code label} ({@value #SAFE} or {@value #UNSAFE}) and {@code group} (the conversation,
 * so one conversation's texts stay on one side of a split), which
 * {@code assay train --kind classifier --text-column text --label-column label --group-column group}
 * reads as it is. A text's label is its adjudication when there is one, else the majority of its
 * judgements once all are in; texts without a verdict yet (or with a tie) are left out.
 */
@ApplicationScoped
public class ModerationExport {
  public static final String SAFE = "safe";
  public static final String UNSAFE = "unsafe";
  static final List<String> COLUMNS =
      List.of("text", "label", "group", "policy", "check", "stage", "safe_votes", "unsafe_votes", "adjudicated");
  private static final int FETCH = 500;

  private final Sql sql;
  private final CampaignService campaigns;
  private final ObjectMapper json;

  public ModerationExport(Sql sql, CampaignService campaigns, ObjectMapper json) {
    this.sql = sql;
    this.campaigns = campaigns;
    this.json = json;
  }

  /** 404 for an unknown campaign, 409 for one that escalations do not feed. */
  @Transactional
  public void requireModerationCampaign(long campaignId) {
    campaigns.get(campaignId);
    if (sql.count("SELECT count(*) FROM moderation_campaign WHERE campaign_id = ?", campaignId) == 0) {
      throw ProblemException.conflict("campaign " + campaignId + " is not a moderation-review campaign;"
          + " only those export classifier training data");
    }
  }

  /** Writes the rows, reading them through a cursor; returns how many were written. */
  @Transactional
  public long write(long campaignId, ExportFormat format, OutputStream out) {
    requireModerationCampaign(campaignId);
    long[] written = {0};
    try {
      ExportRows<Map<String, Object>> rows = ExportRows.start(format, out, COLUMNS,
          row -> row.values().stream().map(value -> value == null ? null : value.toString()).toList(), json);
      sql.forEach(
          "SELECT DISTINCT ON (e.comparison_id) e.checked_text, e.text_group, e.policy, e.check_name, e.stage,"
              + " coalesce(v.a_votes, 0) AS a_votes, coalesce(v.b_votes, 0) AS b_votes, v.adjudicated,"
              + " i.completed >= i.required AS complete"
              + " FROM moderation_escalation e"
              + " JOIN campaign_item i ON i.campaign_id = e.campaign_id AND i.comparison_id = e.comparison_id"
              + " LEFT JOIN (" + PreferenceSql.campaignVerdicts() + ") v ON v.comparison_id = e.comparison_id"
              + " WHERE e.campaign_id = ? ORDER BY e.comparison_id, e.received_at",
          FETCH,
          ModerationExport::row,
          row -> {
            if (row.get("label") == null) {
              return;
            }
            try {
              rows.write(row);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
            written[0]++;
          },
          campaignId,
          campaignId);
      rows.finish();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return written[0];
  }

  /** One text with its label (null when it has no verdict yet), in {@link #COLUMNS} order. */
  private static Map<String, Object> row(java.sql.ResultSet row) throws java.sql.SQLException {
    long safe = row.getLong("a_votes");
    long unsafe = row.getLong("b_votes");
    String adjudicated = row.getString("adjudicated");
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("text", row.getString("checked_text"));
    fields.put("label", label(adjudicated, row.getBoolean("complete"), safe, unsafe));
    fields.put("group", row.getString("text_group"));
    fields.put("policy", row.getString("policy"));
    fields.put("check", row.getString("check_name"));
    fields.put("stage", row.getString("stage"));
    fields.put("safe_votes", safe);
    fields.put("unsafe_votes", unsafe);
    fields.put("adjudicated", "A".equals(adjudicated) || "B".equals(adjudicated));
    return fields;
  }

  /** A = allowed = safe, B = the fallback = unsafe; an adjudication settles it, else a strict majority. */
  static String label(String adjudicated, boolean complete, long safeVotes, long unsafeVotes) {
    if ("A".equals(adjudicated)) {
      return SAFE;
    }
    if ("B".equals(adjudicated)) {
      return UNSAFE;
    }
    if (!complete || safeVotes == unsafeVotes) {
      return null;
    }
    return safeVotes > unsafeVotes ? SAFE : UNSAFE;
  }
}
