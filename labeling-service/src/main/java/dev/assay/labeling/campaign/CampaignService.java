package dev.assay.labeling.campaign;

import dev.assay.platform.audit.AdminAudit;
import dev.assay.platform.jdbc.Sql;
import dev.assay.platform.outbox.Outbox;
import dev.assay.platform.problem.ProblemException;
import dev.assay.store.dataset.DatasetContents;
import dev.assay.store.record.Choice;
import dev.assay.store.record.ComparisonPair;
import dev.assay.store.record.Comparisons;
import dev.assay.store.record.PreferenceSql;
import dev.assay.store.record.Preferences;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/** Campaign life cycle, rater pools, items and gold items, progress. */
@ApplicationScoped
public class CampaignService {
  /** Gold items have no judgement quota: every rater may see each once. */
  static final int GOLD_QUOTA = Integer.MAX_VALUE;

  private final CampaignRepository campaigns;
  private final Sql sql;
  private final Comparisons comparisons;
  private final DatasetContents datasets;
  private final Preferences preferences;
  private final Outbox outbox;
  private final Clock clock;
  private final AdminAudit audit;

  public CampaignService(CampaignRepository campaigns, Sql sql, Comparisons comparisons, DatasetContents datasets,
      Preferences preferences, Outbox outbox, Clock clock, AdminAudit audit) {
    this.campaigns = campaigns;
    this.sql = sql;
    this.comparisons = comparisons;
    this.datasets = datasets;
    this.preferences = preferences;
    this.outbox = outbox;
    this.clock = clock;
    this.audit = audit;
  }

  /** Items added to a campaign. */
  public record ItemsAdded(int added, int alreadyInCampaign, int comparisonsCreated) {}

  /** Where a campaign stands. */
  public record Progress(
      long campaignId,
      CampaignState state,
      int itemsTotal,
      int itemsDone,
      long judgements,
      long goldJudgements,
      Map<String, Long> items,
      Map<String, Long> assignments) {}

  /** Judgements recorded in one hour. */
  @Transactional
  public Campaign create(CampaignSettings settings, String createdBy) {
    validate(settings);
    if (campaigns.count("name", settings.name()) > 0) {
      throw ProblemException.conflict("a campaign named \"" + settings.name() + "\" already exists");
    }
    Campaign campaign = new Campaign();
    apply(campaign, settings);
    campaign.createdBy = createdBy;
    campaign.updatedAt = clock.instant();
    campaigns.persistAndFlush(campaign);
    if (settings.raterPool() != null && !settings.raterPool().isEmpty()) {
      campaigns.replacePool(campaign.id, settings.raterPool());
    }
    return campaign;
  }

  @Transactional
  public Campaign update(long id, CampaignSettings settings) {
    validate(settings);
    Campaign campaign = get(id);
    if (campaign.state == CampaignState.COMPLETED) {
      throw ProblemException.conflict("campaign " + id + " is COMPLETED and can no longer be changed");
    }
    if (campaign.state != CampaignState.DRAFT
        && (campaign.scale != settings.scale()
            || !campaign.criteria.equals(settings.criteria())
            || campaign.ratingsRequired != settings.ratingsRequired())) {
      throw ProblemException.conflict(
          "scale, criteria and ratingsRequired can only be changed while the campaign is a DRAFT");
    }
    if (!campaign.name.equals(settings.name()) && campaigns.count("name", settings.name()) > 0) {
      throw ProblemException.conflict("a campaign named \"" + settings.name() + "\" already exists");
    }
    // The pool first: a submit locks its rater's row before the campaign row, so this transaction must
    // not hold the campaign row (written when the changed entity is flushed) while it locks rater rows.
    if (settings.raterPool() != null) {
      campaigns.replacePool(id, settings.raterPool());
    }
    apply(campaign, settings);
    campaign.updatedAt = clock.instant();
    return campaign;
  }

  @Transactional
  public Campaign get(long id) {
    return campaigns.findByIdOptional(id).orElseThrow(() -> ProblemException.notFound("campaign", id));
  }

  @Transactional
  public List<Campaign> list() {
    return campaigns.listAll(io.quarkus.panache.common.Sort.by("id"));
  }

  /** Active campaigns the rater may work on, most urgent first. */
  @Transactional
  public List<Campaign> availableTo(String rater) {
    List<Long> ids =
        sql.list(
            "SELECT c.id FROM campaign c WHERE c.state = 'ACTIVE'"
                + " AND (NOT EXISTS (SELECT 1 FROM campaign_rater p WHERE p.campaign_id = c.id AND p.in_pool)"
                + "      OR EXISTS (SELECT 1 FROM campaign_rater p WHERE p.campaign_id = c.id AND p.in_pool AND p.rater = ?))"
                + " AND NOT EXISTS (SELECT 1 FROM campaign_rater p WHERE p.campaign_id = c.id AND p.rater = ?"
                + "                 AND p.paused_at IS NOT NULL)"
                + " ORDER BY c.priority DESC, c.deadline ASC NULLS LAST, c.id",
            row -> row.getLong(1),
            rater,
            rater);
    return ids.stream().map(campaigns::findById).toList();
  }

  @Transactional
  public List<String> pool(long id) {
    get(id);
    return campaigns.pool(id);
  }

  @Transactional
  public List<String> replacePool(long id, List<String> raters) {
    get(id);
    campaigns.replacePool(id, raters == null ? List.of() : raters);
    audit.record("campaign.pool", "campaign:" + id, Map.of("raters", campaigns.pool(id)));
    return campaigns.pool(id);
  }

  @Transactional
  public Campaign transition(long id, CampaignState to) {
    Campaign campaign = get(id);
    CampaignState from = campaign.state;
    if (!from.canMoveTo(to)) {
      throw ProblemException.conflict(
          "campaign " + id + " cannot move from " + from + " to " + to);
    }
    if (to == CampaignState.ACTIVE && campaign.itemsTotal == 0) {
      throw ProblemException.conflict("campaign " + id + " has no comparisons yet; add items first");
    }
    if (!campaigns.transition(id, from, to, clock.instant())) {
      throw ProblemException.conflict("campaign " + id + " changed state concurrently; try again");
    }
    if (to == CampaignState.COMPLETED) {
      outbox.record("campaign.completed", Map.of("campaignId", id, "itemsDone", campaign.itemsDone,
          "itemsTotal", campaign.itemsTotal, "by", "admin"));
    }
    campaigns.getEntityManager().refresh(campaign);
    return campaign;
  }

  @Transactional
  public ItemsAdded addItems(long id, ItemSource source) {
    Campaign campaign = get(id);
    requireOpen(campaign);
    int created = 0;
    List<Long> comparisonIds;
    if (source.comparisonIds() != null && !source.comparisonIds().isEmpty()) {
      comparisonIds = List.copyOf(new LinkedHashSet<>(source.comparisonIds()));
      long known = comparisons.countExisting(comparisonIds);
      if (known != comparisonIds.size()) {
        throw ProblemException.invalid(
            "comparisonIds", (comparisonIds.size() - known) + " of the comparison ids do not exist");
      }
    } else if (source.dataset() != null && !source.dataset().isBlank()) {
      long datasetId =
          datasets.idByName(source.dataset())
              .orElseThrow(() -> ProblemException.invalid(
                  "dataset", "dataset \"" + source.dataset() + "\" does not exist"));
      ItemSource.Mode mode = source.mode() == null ? ItemSource.Mode.PAIRS : source.mode();
      if (mode == ItemSource.Mode.PAIRS) {
        comparisonIds = datasets.comparisonIds(datasetId);
      } else {
        Comparisons.Ensured built = pairsFromCandidates(datasetId, source);
        comparisonIds = built.ids();
        created = built.created();
      }
    } else {
      throw ProblemException.invalid("comparisonIds", "give comparisonIds or a dataset");
    }
    int added =
        comparisonIds.isEmpty()
            ? 0
            : sql.update(
                "INSERT INTO campaign_item (campaign_id, comparison_id, required)"
                    + " SELECT ?, c, ? FROM unnest(?::bigint[]) c ON CONFLICT (campaign_id, comparison_id) DO NOTHING",
                id,
                campaign.ratingsRequired,
                comparisonIds);
    campaigns.addItemsTotal(id, added);
    return new ItemsAdded(added, comparisonIds.size() - added, created);
  }

  @Transactional
  public void addGold(long id, long comparisonId, Choice goldChoice) {
    Campaign campaign = get(id);
    requireOpen(campaign);
    if (goldChoice == null) {
      throw ProblemException.invalid("choice", "choice (the gold answer: A, B, TIE or BOTH_BAD) is required");
    }
    if (!comparisons.exists(comparisonId)) {
      throw ProblemException.invalid("comparisonId", "comparison " + comparisonId + " does not exist");
    }
    int added =
        sql.update(
            "INSERT INTO campaign_item (campaign_id, comparison_id, gold, gold_choice, required)"
                + " VALUES (?, ?, true, ?, ?) ON CONFLICT (campaign_id, comparison_id) DO NOTHING",
            id,
            comparisonId,
            goldChoice,
            GOLD_QUOTA);
    if (added == 0) {
      throw ProblemException.conflict("comparison " + comparisonId + " is already part of campaign " + id);
    }
    audit.record("campaign.gold", "campaign:" + id, Map.of("comparison", comparisonId, "choice", goldChoice.name()));
  }

  /** A gold item: a comparison with its known answer. */
  public record GoldItem(long comparisonId, Choice choice, int judgements) {}

  @Transactional
  public List<GoldItem> goldItems(long id) {
    get(id);
    return sql.list(
        "SELECT comparison_id, gold_choice, completed FROM campaign_item WHERE campaign_id = ? AND gold ORDER BY id",
        row -> new GoldItem(row.getLong(1), Choice.valueOf(row.getString(2)), row.getInt(3)),
        id);
  }

  @Transactional
  public Progress progress(long id) {
    Campaign campaign = get(id);
    Instant now = clock.instant();
    Map<String, Long> items = new LinkedHashMap<>();
    sql.one(
        "SELECT count(*) FILTER (WHERE i.completed >= i.required),"
            + " count(*) FILTER (WHERE i.completed < i.required AND (i.completed > 0 OR EXISTS ("
            + "   SELECT 1 FROM assignment a WHERE a.campaign_item_id = i.id AND a.state = 'LEASED' AND a.lease_expires_at > ?))),"
            + " count(*) FROM campaign_item i WHERE i.campaign_id = ? AND NOT i.gold",
        row -> {
          items.put("done", row.getLong(1));
          items.put("inProgress", row.getLong(2));
          items.put("open", row.getLong(3) - row.getLong(1) - row.getLong(2));
          return null;
        },
        now,
        id);
    Map<String, Long> assignments = new TreeMap<>();
    for (String state : List.of("LEASED", "EXPIRED", "SUBMITTED", "RELEASED", "SKIPPED")) {
      assignments.put(state, 0L);
    }
    sql.list(
            "SELECT CASE WHEN state = 'LEASED' AND lease_expires_at <= ? THEN 'EXPIRED' ELSE state END, count(*)"
                + " FROM assignment WHERE campaign_id = ? GROUP BY 1",
            row -> Map.entry(row.getString(1), row.getLong(2)),
            now,
            id)
        .forEach(entry -> assignments.put(entry.getKey(), entry.getValue()));
    long[] judgements =
        sql.one(
                "SELECT count(*) FILTER (WHERE NOT i.gold), count(*) FILTER (WHERE i.gold) FROM assignment a"
                    + " JOIN " + PreferenceSql.joinByAssignment("a.id")
                    + " JOIN campaign_item i ON i.id = a.campaign_item_id WHERE a.campaign_id = ?",
                row -> new long[] {row.getLong(1), row.getLong(2)},
                id)
            .orElseThrow();
    return new Progress(id, campaign.state, campaign.itemsTotal, campaign.itemsDone, judgements[0],
        judgements[1], items, assignments);
  }

  @Transactional
  public List<Preferences.HourCount> throughput(long id) {
    get(id);
    return preferences.perHour(id);
  }

  /** Pairs a candidates dataset per prompt: all pairs, or a seeded sample of m pairs per prompt. */
  private Comparisons.Ensured pairsFromCandidates(long datasetId, ItemSource source) {
    boolean sampled = source.mode() == ItemSource.Mode.SAMPLED_PAIRS;
    if (sampled && (source.pairsPerPrompt() == null || source.pairsPerPrompt() < 1)) {
      throw ProblemException.invalid("pairsPerPrompt", "pairsPerPrompt must be at least 1 for SAMPLED_PAIRS");
    }
    long seed = source.seed() == null ? 0L : source.seed();
    Map<String, List<DatasetContents.Candidate>> byPrompt = new TreeMap<>();
    datasets.candidates(datasetId)
        .forEach(c -> byPrompt.computeIfAbsent(c.promptHash(), k -> new ArrayList<>()).add(c));
    List<ComparisonPair> built = new ArrayList<>();
    for (Map.Entry<String, List<DatasetContents.Candidate>> group : byPrompt.entrySet()) {
      List<DatasetContents.Candidate> responses = group.getValue();
      List<int[]> pairs = new ArrayList<>();
      for (int i = 0; i < responses.size(); i++) {
        for (int j = i + 1; j < responses.size(); j++) {
          if (!responses.get(i).responseHash().equals(responses.get(j).responseHash())) {
            pairs.add(new int[] {i, j});
          }
        }
      }
      if (sampled) {
        // Seeded per prompt, so a prompt's sample does not depend on the other prompts in the dataset.
        Collections.shuffle(pairs, new Random(seed * 1_000_003L + group.getKey().hashCode()));
        pairs = pairs.subList(0, Math.min(source.pairsPerPrompt(), pairs.size()));
      }
      for (int[] pair : pairs) {
        DatasetContents.Candidate a = responses.get(pair[0]);
        DatasetContents.Candidate b = responses.get(pair[1]);
        built.add(new ComparisonPair(a.promptHash(), a.responseHash(), a.generator(), b.responseHash(), b.generator()));
      }
    }
    return comparisons.ensure(built);
  }

  private static void requireOpen(Campaign campaign) {
    if (campaign.state == CampaignState.COMPLETED) {
      throw ProblemException.conflict("campaign " + campaign.id + " is COMPLETED; items can no longer be added");
    }
  }

  private static void validate(CampaignSettings settings) {
    if (settings.criteria() == null || settings.criteria().stream().allMatch(c -> c == null || c.isBlank())) {
      throw ProblemException.invalid("criteria", "criteria must name at least one criterion, e.g. helpfulness");
    }
    if (settings.criteria().stream().anyMatch(c -> c == null || !c.matches("[a-z][a-z0-9_]{0,63}"))) {
      throw ProblemException.invalid("criteria", "each criterion must be a lower-case identifier like helpfulness");
    }
    if (new LinkedHashSet<>(settings.criteria()).size() != settings.criteria().size()) {
      throw ProblemException.invalid("criteria", "criteria must not repeat");
    }
  }

  private static void apply(Campaign campaign, CampaignSettings settings) {
    campaign.name = settings.name();
    campaign.guidelines = settings.guidelines() == null ? "" : settings.guidelines();
    campaign.criteria = List.copyOf(settings.criteria());
    campaign.scale = settings.scale();
    campaign.allowBothBad = settings.allowBothBad();
    campaign.ratingsRequired = settings.ratingsRequired();
    campaign.goldRate = settings.goldRate();
    campaign.priority = settings.priority();
    campaign.deadline = settings.deadline();
    campaign.leaseSeconds = settings.leaseSeconds();
  }
}
