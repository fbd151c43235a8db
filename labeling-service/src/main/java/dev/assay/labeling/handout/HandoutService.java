package dev.assay.labeling.handout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.labeling.LabelingConfig;
import dev.assay.labeling.campaign.Campaign;
import dev.assay.labeling.campaign.CampaignState;
import dev.assay.labeling.metrics.LabelingMeters;
import dev.assay.platform.problem.ProblemException;
import dev.assay.store.record.ComparisonContent;
import dev.assay.store.record.Comparisons;
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
  private final AssignmentRepository assignments;
  private final Comparisons comparisons;
  private final AssignmentPolicy policy;
  private final LabelingConfig config;
  private final Clock clock;
  private final ObjectMapper json;
  private final LabelingMeters meters;

  public HandoutService(AssignmentRepository assignments, Comparisons comparisons, AssignmentPolicy policy,
      LabelingConfig config, Clock clock, ObjectMapper json, LabelingMeters meters) {
    this.assignments = assignments;
    this.comparisons = comparisons;
    this.policy = policy;
    this.config = config;
    this.clock = clock;
    this.json = json;
    this.meters = meters;
  }

  /** The next task for the rater in this campaign, or empty when none is available to them now. */
  @Transactional
  public Optional<Task> next(long campaignId, String rater) {
    Instant now = clock.instant();
    AssignmentRepository.Standing standing = assignments.standing(campaignId, rater, now)
        .orElseThrow(() -> ProblemException.notFound("campaign", campaignId));
    CampaignTerms campaign = standing.campaign();
    if (campaign.state() == CampaignState.COMPLETED) {
      return Optional.empty();
    }
    if (campaign.state() != CampaignState.ACTIVE) {
      throw ProblemException.conflict(
          "campaign " + campaignId + " is " + campaign.state() + "; tasks are handed out only while it is ACTIVE");
    }
    policy.requireMayWork(campaignId, standing.membership());
    if (standing.live().isPresent()) {
      Assignment live = standing.live().get();
      return Optional.of(task(campaign, live, content(live.comparisonId()), true));
    }
    boolean goldFirst = campaign.goldRate() > 0 && ThreadLocalRandom.current().nextDouble() < campaign.goldRate();
    List<Boolean> kinds = goldFirst ? List.of(true, false) : List.of(false);
    for (boolean gold : kinds) {
      Optional<AssignmentRepository.Leased> claimed = claim(campaign, gold, rater, now);
      if (claimed.isPresent()) {
        meters.handedOut(campaign.id(), gold);
        return Optional.of(task(campaign, claimed.get().assignment(), claimed.get().content(), false));
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
    AssignmentRepository.Owned owned = policy.requireOwn(assignmentId, rater);
    return task(owned.campaign(), owned.assignment(), content(owned.assignment().comparisonId()), true);
  }

  /** Renews the lease; an expired lease is renewed only while its item still has a free slot. */
  @Transactional
  public Instant heartbeat(long assignmentId, String rater) {
    AssignmentRepository.Locked locked = policy.requireOwnLocked(assignmentId, rater);
    CampaignTerms campaign = locked.campaign();
    Assignment assignment = locked.assignment();
    // removed from the pool or paused: no more work on the lease either, from that moment
    policy.requireMayWork(assignment.campaignId(), locked.membership());
    if (!"LEASED".equals(assignment.state())) {
      throw ProblemException.conflict(
          "assignment " + assignmentId + " is " + assignment.state() + "; only a leased task can be renewed");
    }
    Instant now = clock.instant();
    if (!assignment.liveAt(now) && !assignment.gold() && assignments.freeSlots(assignment.itemId(), now) <= 0) {
      throw ProblemException.conflict("the lease on assignment " + assignmentId + " expired at "
          + assignment.leaseExpiresAt() + " and the comparison has been taken by other raters");
    }
    Instant expires = now.plus(campaign.lease(config.leaseDuration()));
    assignments.renew(assignmentId, expires);
    return expires;
  }

  /** Gives the task back (release) or declines it with a reason (skip); the rater will not get it again. */
  @Transactional
  public void giveBack(long assignmentId, String rater, boolean skip, String reason) {
    Assignment assignment = policy.requireOwnLocked(assignmentId, rater).assignment();
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

  private Optional<AssignmentRepository.Leased> claim(CampaignTerms campaign, boolean gold, String rater,
      Instant now) {
    List<Long> tried = new ArrayList<>();
    for (int attempt = 0; attempt < config.claimAttempts(); attempt++) {
      Optional<AssignmentRepository.Candidate> candidate =
          assignments.lockCandidate(campaign.id(), gold, rater, now, tried);
      if (candidate.isEmpty()) {
        return Optional.empty();
      }
      tried.add(candidate.get().itemId());
      Instant expires = now.plus(campaign.lease(config.leaseDuration()));
      boolean aShownLeft = ThreadLocalRandom.current().nextBoolean();
      Optional<AssignmentRepository.Leased> leased =
          assignments.insertIfClaimable(candidate.get(), campaign.id(), rater, gold, aShownLeft, now, expires);
      if (leased.isPresent()) {
        return leased;
      }
    }
    return Optional.empty();
  }

  private ComparisonContent content(long comparisonId) {
    return comparisons.content(comparisonId).orElseThrow();
  }

  private Task task(CampaignTerms campaign, Assignment assignment, ComparisonContent content,
      boolean resumed) {
    JsonNode prompt;
    try {
      prompt = json.readTree(content.promptMessages());
    } catch (java.io.IOException e) {
      throw new UncheckedIOException(e);
    }
    boolean aLeft = assignment.aShownLeft();
    return new Task(
        assignment.id(),
        campaign.id(),
        campaign.name(),
        campaign.guidelines(),
        campaign.scale().name(),
        campaign.allowBothBad(),
        campaign.criteria(),
        prompt,
        aLeft ? content.a() : content.b(),
        aLeft ? content.b() : content.a(),
        assignment.leaseExpiresAt(),
        resumed);
  }
}
