package dev.assay.labeling.moderation;

import dev.assay.platform.escalation.EscalatedDecision;
import dev.assay.labeling.LabelingConfig;
import dev.assay.labeling.campaign.Campaign;
import dev.assay.labeling.campaign.CampaignRepository;
import dev.assay.labeling.campaign.CampaignService;
import dev.assay.labeling.campaign.CampaignSettings;
import dev.assay.labeling.campaign.CampaignState;
import dev.assay.labeling.campaign.ItemSource;
import dev.assay.labeling.campaign.Scale;
import dev.assay.platform.jdbc.Sql;
import dev.assay.store.record.Comparisons;
import dev.assay.store.record.ResponseText;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Turns escalated guardrail decisions into items of the policy's moderation-review campaign, which raters
 * judge in the ordinary pairwise task: response A is the conversation allowed (the model's response, or
 * for an input check a note that the assistant answers), response B is the policy's fallback. Choosing A
 * says the text should have been allowed, B that it should have been blocked.
 *
 * <p>One standing campaign per policy, created by the first escalation and owned by {@code guardrail}.
 * It completes when its queue drains, as any campaign does; the next escalation reopens it. An admin
 * who wants escalations to stop reaching raters pauses it.
 */
@ApplicationScoped
public class ModerationReviewService {
  /** The campaign's owner: no person created it. */
  static final String OWNER = "guardrail";
  static final String ALLOW_GENERATOR = "moderation:allow";
  static final String BLOCK_GENERATOR = "moderation:block";
  /** Response A of an input escalation: the rater judges the request, not an answer to it. */
  static final String ANSWERED = "[The assistant answers this request.]";
  /** Response B when the policy has no fallback text of its own. */
  static final String BLOCKED = "[The assistant declines: the request is blocked.]";

  private final Sql sql;
  private final CampaignService campaigns;
  private final CampaignRepository campaignRows;
  private final Comparisons comparisons;
  private final LabelingConfig config;
  private final Clock clock;

  public ModerationReviewService(Sql sql, CampaignService campaigns, CampaignRepository campaignRows,
      Comparisons comparisons, LabelingConfig config, Clock clock) {
    this.sql = sql;
    this.campaigns = campaigns;
    this.campaignRows = campaignRows;
    this.comparisons = comparisons;
    this.config = config;
    this.clock = clock;
  }

  /** Where an escalation went. */
  public record Received(long campaignId, long comparisonId, boolean duplicate) {}

  /**
   * Adds the escalation to its policy's campaign; an escalation received before (the same trace, stage
   * and check) adds nothing, so a redelivered event is harmless.
   *
   * @throws IllegalArgumentException when the event is malformed or holds a text the store refuses
   */
  @Transactional
  public Received receive(UUID eventId, EscalatedDecision escalation) {
    String problem = escalation.problem();
    if (problem != null) {
      throw new IllegalArgumentException("guardrail.escalated event " + eventId + ": " + problem);
    }
    // One escalation of a policy at a time: the first creates the campaign, and a redelivery racing
    // its original waits for it and then finds it.
    sql.one("SELECT pg_advisory_xact_lock(hashtext(?))", row -> 1, "moderation-review:" + escalation.policy());
    Optional<Received> earlier = sql.one(
        "SELECT campaign_id, comparison_id FROM moderation_escalation WHERE trace_id = ? AND stage = ? AND check_name = ?",
        row -> new Received(row.getLong(1), row.getLong(2), true),
        escalation.traceId(), escalation.stage(), escalation.check());
    if (earlier.isPresent()) {
      return earlier.get();
    }
    Comparisons.Stored comparison = comparisons.ensureWithTexts(escalation.prompt(),
        ResponseText.of(allowed(escalation), ALLOW_GENERATOR), ResponseText.of(blocked(escalation), BLOCK_GENERATOR));
    Campaign campaign = campaignOf(escalation.policy());
    if (campaign.state == CampaignState.COMPLETED) {
      campaignRows.transition(campaign.id, CampaignState.COMPLETED, CampaignState.ACTIVE, clock.instant());
      campaignRows.getEntityManager().refresh(campaign);
    }
    campaigns.addItems(campaign.id, new ItemSource(List.of(comparison.id()), null, null, null, null));
    if (campaign.state == CampaignState.DRAFT && config.moderation().raterPool().isPresent()) {
      // The item counters are written by SQL: read them back, activation needs an item.
      campaignRows.getEntityManager().refresh(campaign);
      campaigns.transition(campaign.id, CampaignState.ACTIVE);
    }
    sql.update(
        "INSERT INTO moderation_escalation (trace_id, stage, check_name, event_id, campaign_id, comparison_id, policy,"
            + " policy_version, checked_text, text_group, label, score, threshold, model_version, decided_at, received_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        escalation.traceId(), escalation.stage(), escalation.check(), eventId, campaign.id, comparison.id(),
        escalation.policy(), escalation.policyVersion(), escalation.checkedText(), comparison.promptHash(),
        escalation.label(), escalation.score(), escalation.threshold(), escalation.modelVersion(),
        escalation.decidedAt(), clock.instant());
    return new Received(campaign.id, comparison.id(), false);
  }

  /** The policy's standing campaign, created on its first escalation. */
  private Campaign campaignOf(String policy) {
    Optional<Long> known =
        sql.one("SELECT campaign_id FROM moderation_campaign WHERE policy = ?", row -> row.getLong(1), policy);
    if (known.isPresent()) {
      return campaigns.get(known.get());
    }
    Optional<List<String>> pool = config.moderation().raterPool();
    Campaign created = campaigns.create(new CampaignSettings(freeName(policy), guidelines(policy), List.of("safety"),
        Scale.BINARY, false, config.moderation().ratingsRequired(), 0, 0, null, null, pool.orElse(List.of())), OWNER);
    sql.update("INSERT INTO moderation_campaign (campaign_id, policy) VALUES (?, ?)", created.id, policy);
    return created;
  }

  /** "moderation-review: policy", or with a number when an admin's campaign has that name already. */
  private String freeName(String policy) {
    String name = "moderation-review: " + policy;
    String candidate = name;
    for (int n = 2; sql.count("SELECT count(*) FROM campaign WHERE name = ?", candidate) > 0; n++) {
      candidate = name + " (" + n + ")";
    }
    return candidate;
  }

  private static String allowed(EscalatedDecision escalation) {
    return EscalatedDecision.OUTPUT.equals(escalation.stage()) ? escalation.response() : ANSWERED;
  }

  private static String blocked(EscalatedDecision escalation) {
    String fallback = escalation.fallbackResponse();
    return fallback == null || fallback.isBlank() ? BLOCKED : fallback;
  }

  static String guidelines(String policy) {
    return "Moderation review for the guardrail policy \"" + policy + "\". The guardrail was unsure about each"
        + " conversation shown here and asks you to decide.\n\n"
        + "One response is what the user gets if the conversation is allowed: for a checked answer, the"
        + " model's own response; for a checked request, the note \"" + ANSWERED + "\". The other response is"
        + " the policy's fallback, what the user gets if the conversation is blocked.\n\n"
        + "Choose the allowed response when the conversation is acceptable under the policy, and the fallback"
        + " when it should have been blocked. Judge the request or answer itself, not how well either response"
        + " is written. Your choices become training labels for the guardrail's classifiers (allowed = safe,"
        + " fallback = unsafe). The texts may be offensive: skip an item if you cannot judge it.";
  }
}
