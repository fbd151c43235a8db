package dev.assay.labeling.handout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.labeling.LabelingConfig;
import dev.assay.labeling.campaign.Campaign;
import dev.assay.labeling.campaign.CampaignRepository;
import dev.assay.labeling.campaign.CampaignState;
import dev.assay.labeling.support.Sql;
import dev.assay.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Hands tasks to raters with leases, in PostgreSQL only (no JVM locks), so that any number of replicas
 * can serve the same campaign.
 *
 * <p>Guarantees: a rater never gets an item twice ({@code UNIQUE(campaign_item_id, rater)}, rows kept
 * forever); completed judgements plus unexpired leases never exceed the item's quota (every claim locks
 * the item row and re-checks the quota in a fresh statement); an expired lease stops counting, so the
 * slot of a crashed client comes back once its lease ran out.
 */
@ApplicationScoped
public class HandoutService {
  private final CampaignRepository campaigns;
  private final AssignmentRepository assignments;
  private final AssignmentPolicy policy;
  private final Sql sql;
  private final LabelingConfig config;
  private final Clock clock;
  private final ObjectMapper json;

  public HandoutService(CampaignRepository campaigns, AssignmentRepository assignments, AssignmentPolicy policy,
      Sql sql, LabelingConfig config, Clock clock, ObjectMapper json) {
    this.campaigns = campaigns;
    this.assignments = assignments;
    this.policy = policy;
    this.sql = sql;
    this.config = config;
    this.clock = clock;
    this.json = json;
  }

  /** The next task for the rater in this campaign, or empty when none is available to them now. */
  @Transactional
  public Optional<Task> next(long campaignId, String rater) {
    Campaign campaign =
        campaigns.findByIdOptional(campaignId).orElseThrow(() -> ProblemException.notFound("campaign", campaignId));
    if (campaign.state == CampaignState.COMPLETED) {
      return Optional.empty();
    }
    if (campaign.state != CampaignState.ACTIVE) {
      throw ProblemException.conflict(
          "campaign " + campaignId + " is " + campaign.state + "; tasks are handed out only while it is ACTIVE");
    }
    policy.requireMayWork(campaignId, rater);
    Instant now = clock.instant();
    Optional<Assignment> live = assignments.findLive(campaignId, rater, now);
    if (live.isPresent()) {
      return Optional.of(task(campaign, live.get(), true));
    }
    boolean goldFirst = campaign.goldRate > 0 && ThreadLocalRandom.current().nextDouble() < campaign.goldRate;
    List<Boolean> kinds = goldFirst ? List.of(true, false) : List.of(false);
    for (boolean gold : kinds) {
      Optional<Assignment> claimed = claim(campaign, gold, rater, now);
      if (claimed.isPresent()) {
        return Optional.of(task(campaign, claimed.get(), false));
      }
    }
    return Optional.empty();
  }

  /** The next task across every campaign the rater may work on, most urgent campaign first. */
  @Transactional
  public Optional<Task> nextAnywhere(String rater, List<Campaign> available) {
    for (Campaign campaign : available) {
      Optional<Task> task = next(campaign.id, rater);
      if (task.isPresent()) {
        return task;
      }
    }
    return Optional.empty();
  }

  /** The rater's own assignment as a task again (e.g. after a page reload). */
  @Transactional
  public Task get(long assignmentId, String rater) {
    Assignment assignment = policy.requireOwn(assignmentId, rater);
    Campaign campaign = campaigns.findById(assignment.campaignId());
    return task(campaign, assignment, true);
  }

  /** Renews the lease; an expired lease is renewed only while its item still has a free slot. */
  @Transactional
  public Instant heartbeat(long assignmentId, String rater) {
    Assignment assignment = policy.requireOwn(assignmentId, rater);
    assignments.lockItem(assignment.itemId());
    assignment = assignments.lock(assignmentId);
    if (!"LEASED".equals(assignment.state())) {
      throw ProblemException.conflict(
          "assignment " + assignmentId + " is " + assignment.state() + "; only a leased task can be renewed");
    }
    Instant now = clock.instant();
    if (!assignment.liveAt(now) && !assignment.gold() && assignments.freeSlots(assignment.itemId(), now) <= 0) {
      throw ProblemException.conflict("the lease on assignment " + assignmentId + " expired at "
          + assignment.leaseExpiresAt() + " and the comparison has been taken by other raters");
    }
    Campaign campaign = campaigns.findById(assignment.campaignId());
    Instant expires = now.plus(campaign.lease(config.leaseDuration()));
    assignments.renew(assignmentId, expires);
    return expires;
  }

  /** Gives the task back (release) or declines it with a reason (skip); the rater will not get it again. */
  @Transactional
  public void giveBack(long assignmentId, String rater, boolean skip, String reason) {
    policy.requireOwn(assignmentId, rater);
    Assignment assignment = assignments.lock(assignmentId);
    if ("RELEASED".equals(assignment.state()) || "SKIPPED".equals(assignment.state())) {
      return; // already given back: idempotent
    }
    if (!"LEASED".equals(assignment.state())) {
      throw ProblemException.conflict("assignment " + assignmentId + " is " + assignment.state()
          + "; a submitted task cannot be released or skipped");
    }
    if (skip && (reason == null || reason.isBlank())) {
      throw ProblemException.invalid("reason", "a skip needs a reason");
    }
    assignments.finish(assignmentId, skip ? "SKIPPED" : "RELEASED", clock.instant(), skip ? reason : null);
  }

  private Optional<Assignment> claim(Campaign campaign, boolean gold, String rater, Instant now) {
    List<Long> tried = new ArrayList<>();
    for (int attempt = 0; attempt < config.claimAttempts(); attempt++) {
      Optional<AssignmentRepository.Candidate> candidate =
          assignments.lockCandidate(campaign.id, gold, rater, now, tried);
      if (candidate.isEmpty()) {
        return Optional.empty();
      }
      tried.add(candidate.get().itemId());
      Instant expires = now.plus(campaign.lease(config.leaseDuration()));
      boolean aShownLeft = ThreadLocalRandom.current().nextBoolean();
      Optional<Assignment> leased =
          assignments.insertIfClaimable(candidate.get(), campaign.id, rater, gold, aShownLeft, now, expires);
      if (leased.isPresent()) {
        return leased;
      }
    }
    return Optional.empty();
  }

  private Task task(Campaign campaign, Assignment assignment, boolean resumed) {
    record Content(String messages, String a, String b) {}
    Content content =
        sql.one(
                "SELECT CAST(p.messages AS text), ta.body, tb.body FROM comparison c"
                    + " JOIN prompt p ON p.hash = c.prompt_hash"
                    + " JOIN text_blob ta ON ta.hash = c.response_a_hash"
                    + " JOIN text_blob tb ON tb.hash = c.response_b_hash WHERE c.id = ?",
                row -> new Content(row.getString(1), row.getString(2), row.getString(3)),
                assignment.comparisonId())
            .orElseThrow();
    JsonNode prompt;
    try {
      prompt = json.readTree(content.messages());
    } catch (java.io.IOException e) {
      throw new UncheckedIOException(e);
    }
    boolean aLeft = assignment.aShownLeft();
    return new Task(
        assignment.id(),
        campaign.id,
        campaign.name,
        campaign.guidelines,
        campaign.scale.name(),
        campaign.allowBothBad,
        campaign.criteria,
        prompt,
        aLeft ? content.a() : content.b(),
        aLeft ? content.b() : content.a(),
        assignment.leaseExpiresAt(),
        resumed);
  }
}
