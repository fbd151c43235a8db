package dev.assay.labeling.handout;

import dev.assay.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;

/** Who may work on what: raters only on their own assignments, in campaigns whose pool admits them. */
@ApplicationScoped
public class AssignmentPolicy {
  private final AssignmentRepository assignments;

  public AssignmentPolicy(AssignmentRepository assignments) {
    this.assignments = assignments;
  }

  /** A rater's place in a campaign: whether it has a pool, whether they are in it, whether they are paused. */
  public record Membership(boolean poolDefined, boolean inPool, boolean paused, String pauseReason) {}

  /**
   * The assignment with its campaign's terms, if it exists and belongs to the rater (404 otherwise, so ids
   * of others stay hidden).
   */
  public AssignmentRepository.Owned requireOwn(long assignmentId, String rater) {
    return assignments
        .find(assignmentId)
        .filter(owned -> owned.assignment().rater().equals(rater))
        .orElseThrow(() -> ProblemException.notFound("assignment", assignmentId));
  }

  /**
   * Like {@link #requireOwn}, with the assignment and its item locked for a change (one statement: a
   * request for someone else's assignment holds their rows only until its 404 rolls back).
   */
  public AssignmentRepository.Locked requireOwnLocked(long assignmentId, String rater) {
    return assignments
        .lock(assignmentId)
        .filter(locked -> locked.assignment().rater().equals(rater))
        .orElseThrow(() -> ProblemException.notFound("assignment", assignmentId));
  }

  /** The rater is in the campaign's pool (an empty pool admits everyone) and not paused. */
  public void requireMayWork(long campaignId, Membership membership) {
    if (membership.poolDefined() && !membership.inPool()) {
      throw new ProblemException(403, "Forbidden", "you are not in the rater pool of campaign " + campaignId,
          null, null);
    }
    if (membership.paused()) {
      throw new ProblemException(403, "Forbidden", "you are paused in campaign " + campaignId + ": "
          + membership.pauseReason() + "; an admin can resume you", null, null);
    }
  }
}
