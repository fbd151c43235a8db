package dev.assay.labeling.handout;

import dev.assay.labeling.support.Sql;
import dev.assay.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;

/** Who may work on what: raters only on their own assignments, in campaigns whose pool admits them. */
@ApplicationScoped
public class AssignmentPolicy {
  private final AssignmentRepository assignments;
  private final Sql sql;

  public AssignmentPolicy(AssignmentRepository assignments, Sql sql) {
    this.assignments = assignments;
    this.sql = sql;
  }

  /** The assignment, if it exists and belongs to the rater (404 otherwise, so ids of others stay hidden). */
  public Assignment requireOwn(long assignmentId, String rater) {
    return assignments
        .find(assignmentId)
        .filter(a -> a.rater().equals(rater))
        .orElseThrow(() -> ProblemException.notFound("assignment", assignmentId));
  }

  /** The rater is in the campaign's pool (an empty pool admits everyone) and not paused. */
  public void requireMayWork(long campaignId, String rater) {
    record Membership(boolean poolDefined, boolean inPool, String pauseReason, boolean paused) {}
    Membership m =
        sql.one(
                "SELECT EXISTS (SELECT 1 FROM campaign_rater WHERE campaign_id = ? AND in_pool),"
                    + " coalesce(bool_or(in_pool), false), max(pause_reason), bool_or(paused_at IS NOT NULL)"
                    + " FROM campaign_rater WHERE campaign_id = ? AND rater = ?",
                row -> new Membership(row.getBoolean(1), row.getBoolean(2), row.getString(3),
                    row.getBoolean(4)),
                campaignId,
                campaignId,
                rater)
            .orElseThrow();
    if (m.poolDefined() && !m.inPool()) {
      throw new ProblemException(403, "Forbidden", "you are not in the rater pool of campaign " + campaignId,
          null, null);
    }
    if (m.paused()) {
      throw new ProblemException(403, "Forbidden", "you are paused in campaign " + campaignId + ": "
          + m.pauseReason() + "; an admin can resume you", null, null);
    }
  }
}
