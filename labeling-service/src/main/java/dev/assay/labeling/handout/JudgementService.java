package dev.assay.labeling.handout;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.labeling.campaign.CampaignRepository;
import dev.assay.labeling.metrics.LabelingMeters;
import dev.assay.labeling.campaign.Scale;
import dev.assay.labeling.quality.QualityService;
import dev.assay.labeling.review.ReviewService;
import dev.assay.platform.jdbc.Sql;
import dev.assay.platform.outbox.Outbox;
import dev.assay.platform.problem.ProblemException;
import dev.assay.store.record.Choice;
import dev.assay.store.record.HumanJudgement;
import dev.assay.store.record.Preferences;
import dev.assay.store.record.RecordedJudgement;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Stores judgements: validates them against the campaign's scale, turns left/right into canonical A/B,
 * writes the {@code preference} row and its events in one transaction. Idempotent per assignment.
 */
@ApplicationScoped
public class JudgementService {
  private static final int MAX_RATIONALE = 20_000;

  private final CampaignRepository campaigns;
  private final AssignmentRepository assignments;
  private final AssignmentPolicy policy;
  private final QualityService quality;
  private final ReviewService reviews;
  private final Outbox outbox;
  private final Preferences preferences;
  private final Sql sql;
  private final Clock clock;
  private final ObjectMapper json;
  private final LabelingMeters meters;

  public JudgementService(CampaignRepository campaigns, AssignmentRepository assignments, AssignmentPolicy policy,
      QualityService quality, ReviewService reviews, Outbox outbox, Preferences preferences, Sql sql, Clock clock,
      ObjectMapper json, LabelingMeters meters) {
    this.campaigns = campaigns;
    this.assignments = assignments;
    this.policy = policy;
    this.quality = quality;
    this.reviews = reviews;
    this.outbox = outbox;
    this.preferences = preferences;
    this.sql = sql;
    this.clock = clock;
    this.json = json;
    this.meters = meters;
  }

  @Transactional
  public Judgement submit(long assignmentId, String rater, JudgementInput input) {
    AssignmentRepository.Locked locked = policy.requireOwnLocked(assignmentId, rater);
    Assignment assignment = locked.assignment();
    if ("SUBMITTED".equals(assignment.state())) {
      return stored(assignment);
    }
    policy.requireMayWork(assignment.campaignId(), locked.membership());
    CampaignTerms campaign = locked.campaign();
    Canonical canonical = validate(campaign, input);
    AssignmentRepository.Item item = locked.item();
    if ("RELEASED".equals(assignment.state()) || "SKIPPED".equals(assignment.state())) {
      throw ProblemException.conflict("you " + assignment.state().toLowerCase(Locale.ROOT) + " assignment "
          + assignmentId + "; it can no longer be submitted");
    }
    Instant now = clock.instant();
    if (!item.gold()) {
      boolean expired = !assignment.liveAt(now);
      if (item.completed() >= item.required() || (expired && assignments.freeSlots(item.id(), now) <= 0)) {
        throw ProblemException.conflict("the lease on assignment " + assignmentId + " expired at "
            + assignment.leaseExpiresAt() + " and the comparison has meanwhile been completed by other raters;"
            + " your judgement was not stored. Ask for the next task.");
      }
    }
    // The client's timing is only a claim: a submit is never taken as slower than the lease-to-submit
    // time the server saw, so the too-fast check cannot be talked out of.
    long measuredMs = Math.max(0, Duration.between(assignment.leasedAt(), now).toMillis());
    long timeSpentMs = input.timeSpentMs() == null ? measuredMs : Math.min(input.timeSpentMs(), measuredMs);
    boolean aLeft = assignment.aShownLeft();
    Choice choice = canonical.choice().canonical(aLeft);
    Integer strength = canonical.strength() == null ? null : (aLeft ? canonical.strength() : 8 - canonical.strength());
    Map<String, String> criteria = new LinkedHashMap<>();
    canonical.criteria().forEach((name, side) -> criteria.put(name, side.canonical(aLeft).name()));
    AssignmentRepository.Stored stored = assignments.storeJudgement(
        new HumanJudgement(item.comparisonId(), rater, choice, strength == null ? null : strength.doubleValue(),
            write(criteria), canonical.flags(), input.rationale(), aLeft, timeSpentMs, campaign.id(),
            assignmentId, now),
        item.id());
    long preferenceId = stored.preferenceId();
    int completed = stored.completed();
    long campaignId = campaign.id();

    Map<String, Object> event = new LinkedHashMap<>();
    event.put("preferenceId", preferenceId);
    event.put("campaignId", campaignId);
    event.put("comparisonId", item.comparisonId());
    event.put("assignmentId", assignmentId);
    event.put("rater", rater);
    event.put("choice", choice.name());
    event.put("strength", strength);
    event.put("criteria", criteria);
    event.put("flags", canonical.flags());
    event.put("aShownLeft", aLeft);
    event.put("timeSpentMs", timeSpentMs);
    event.put("gold", item.gold());
    event.put("judgedAt", now.toString());
    outbox.record("preference.recorded", event);
    meters.judged(campaignId, item.gold());

    boolean itemCompleted = !item.gold() && completed == item.required();
    if (itemCompleted) {
      reviews.checkCompleted(campaignId, item.id(), item.comparisonId(), now);
    }
    quality.afterSubmit(campaignId, rater, stored.ratersJudgements(), stored.qualityExempt(), now);
    if (itemCompleted) {
      // Last, so that the campaign row (one per campaign, touched by every completed item) stays locked
      // only for this update, its events and the commit.
      int[] done = campaigns.itemDone(campaignId);
      outbox.record("campaign.progress", Map.of("campaignId", campaignId, "comparisonId", item.comparisonId(),
          "itemsDone", done[0], "itemsTotal", done[1]));
      if (done[0] == done[1]
          && sql.update("UPDATE campaign SET state = 'COMPLETED', updated_at = ? WHERE id = ? AND state IN ('ACTIVE', 'PAUSED')",
              now, campaignId) == 1) {
        outbox.record("campaign.completed", Map.of("campaignId", campaignId, "itemsDone", done[0],
            "itemsTotal", done[1], "by", "last judgement"));
      }
    }
    return new Judgement(assignmentId, preferenceId, canonical.choice(), canonical.strength(),
        canonical.criteria(), canonical.flags(), now, true);
  }

  /** The judgement stored for an assignment, in the rater's terms. */
  @Transactional
  public Judgement get(long assignmentId, String rater) {
    Assignment assignment = policy.requireOwn(assignmentId, rater).assignment();
    if (!"SUBMITTED".equals(assignment.state())) {
      throw ProblemException.notFound("judgement for assignment", assignmentId);
    }
    return stored(assignment);
  }

  private Judgement stored(Assignment assignment) {
    boolean aLeft = assignment.aShownLeft();
    RecordedJudgement stored = preferences.ofAssignment(assignment.id()).orElseThrow();
    Map<String, Side> criteria = new LinkedHashMap<>();
    stored.criteria().forEach((name, value) -> criteria.put(name, Side.seen(Choice.valueOf(value), aLeft)));
    Double strength = stored.strength();
    return new Judgement(
        assignment.id(),
        stored.id(),
        Side.seen(stored.choice(), aLeft),
        strength == null ? null : (int) (aLeft ? strength : 8 - strength),
        criteria,
        stored.flags(),
        stored.judgedAt(),
        false);
  }

  private record Canonical(Side choice, Integer strength, Map<String, Side> criteria, List<String> flags) {}

  /** Checks the judgement against the campaign's scale and criteria; 422 naming the field otherwise. */
  static Canonical validate(CampaignTerms campaign, JudgementInput input) {
    if (input == null) {
      throw ProblemException.invalid("choice", "a judgement body is required");
    }
    Side choice = input.choice();
    Integer strength = input.strength();
    if (campaign.scale() == Scale.BINARY) {
      if (choice == null) {
        throw ProblemException.invalid("choice", "choice is required: LEFT or RIGHT"
            + (campaign.allowBothBad() ? " or BOTH_BAD" : ""));
      }
      if (choice == Side.TIE) {
        throw ProblemException.invalid("choice", "this campaign's scale is BINARY: choose LEFT or RIGHT"
            + (campaign.allowBothBad() ? " (or BOTH_BAD)" : "") + "; TIE is not allowed");
      }
      if (strength != null) {
        throw ProblemException.invalid("strength", "this campaign's scale is BINARY: send no strength");
      }
    } else {
      if (choice == Side.BOTH_BAD) {
        if (strength != null) {
          throw ProblemException.invalid("strength", "BOTH_BAD takes no strength");
        }
      } else {
        if (strength == null || strength < 1 || strength > 7) {
          throw ProblemException.invalid("strength", "strength must be 1 (left much better) .. 7 (right much"
              + " better), 4 = tie, on this campaign's SEVEN_POINT scale");
        }
        Side implied = strength < 4 ? Side.LEFT : strength == 4 ? Side.TIE : Side.RIGHT;
        if (choice != null && choice != implied) {
          throw ProblemException.invalid("choice", "choice " + choice + " contradicts strength " + strength
              + " (which means " + implied + ")");
        }
        choice = implied;
      }
    }
    if (choice == Side.BOTH_BAD && !campaign.allowBothBad()) {
      throw ProblemException.invalid("choice", "this campaign does not allow BOTH_BAD");
    }
    Map<String, Side> criteria = new LinkedHashMap<>();
    if (input.criteria() != null) {
      for (Map.Entry<String, Side> entry : input.criteria().entrySet()) {
        if (!campaign.criteria().contains(entry.getKey())) {
          throw ProblemException.invalid("criteria." + entry.getKey(),
              "\"" + entry.getKey() + "\" is not a criterion of this campaign; it has " + campaign.criteria());
        }
        if (entry.getValue() == null
            || (entry.getValue() == Side.BOTH_BAD && !campaign.allowBothBad())) {
          throw ProblemException.invalid("criteria." + entry.getKey(), "choose LEFT, RIGHT or TIE"
              + (campaign.allowBothBad() ? " or BOTH_BAD" : ""));
        }
        criteria.put(entry.getKey(), entry.getValue());
      }
    }
    Set<String> flags = new LinkedHashSet<>();
    if (input.flags() != null) {
      for (String flag : input.flags()) {
        JudgementFlag known = JudgementFlag.ofCode(flag).orElseThrow(() -> ProblemException.invalid("flags",
            "unknown flag \"" + flag + "\"; flags are " + JudgementFlag.codes()));
        flags.add(known.code());
      }
    }
    if (input.timeSpentMs() != null && input.timeSpentMs() < 0) {
      throw ProblemException.invalid("timeSpentMs", "timeSpentMs must not be negative");
    }
    if (input.rationale() != null && input.rationale().length() > MAX_RATIONALE) {
      throw ProblemException.invalid("rationale", "rationale must be at most " + MAX_RATIONALE + " characters");
    }
    return new Canonical(choice, choice == Side.BOTH_BAD ? null : strength, criteria, new ArrayList<>(flags));
  }

  private String write(Map<String, String> value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
