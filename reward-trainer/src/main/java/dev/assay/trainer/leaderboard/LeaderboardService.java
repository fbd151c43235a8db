package dev.assay.trainer.leaderboard;

import dev.assay.platform.problem.ProblemException;
import dev.assay.store.record.Messages;
import dev.assay.store.record.Preferences;
import dev.assay.store.record.Preferences.GeneratorBattle;
import dev.assay.trainer.evaluation.Statistics;
import dev.assay.trainer.model.ModelKind;
import dev.assay.trainer.model.Reward;
import dev.assay.trainer.registry.ProductionScorers;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A leaderboard of generators from the preferences between their responses (human campaign
 * judgements or imported judged pairs such as AlpacaEval's), with Bradley-Terry ratings and bootstrap
 * intervals ({@link BradleyTerry}), next to the production reward model's own win rate per generator
 * on the same comparisons, the rank it gives each, and the Spearman and Kendall correlations between the two
 * rankings.
 */
@ApplicationScoped
public class LeaderboardService {
  /** What to rank and how. {@code ties}: {@code half} (half a win each, the default) or {@code drop}. */
  public record Query(String dataset, Long campaign, String anchor, int rounds, long seed, String ties) {}

  /**
   * One generator: its rank by rating, its rating with the 95% interval, its record, and the reward model's
   * win rate for it with the rank that win rate gives (1 = the reward model's favourite; equal win rates share
   * the best rank).
   */
  public record Entry(
      int rank, String generator, double rating, double ciLower, double ciUpper, int battles, double wins,
      double winRate, Double rewardModelWinRate, Integer rewardModelBattles, Integer rewardModelRank) {}

  public record Board(
      String dataset, Long campaign, int battles, int ties, int bothBadDropped, int tiesDropped, String tieHandling,
      String anchor, int bootstrapRounds, long seed, String rewardModelVersion, int comparisonsScored,
      Double spearman, Double kendall, String note, List<Entry> models) {}

  private final Preferences preferences;
  /** Unsatisfied on a replica without the serving side: the reward model's columns are then left out. */
  private final Instance<ProductionScorers> models;

  public LeaderboardService(Preferences preferences, Instance<ProductionScorers> models) {
    this.preferences = preferences;
    this.models = models;
  }

  public Board compute(Query query) {
    if (query.dataset() == null && query.campaign() == null) {
      throw ProblemException.invalid("dataset", "give a dataset, a campaign or both");
    }
    if (query.rounds() < 10 || query.rounds() > 1000) {
      throw ProblemException.invalid("rounds", "rounds must be between 10 and 1000");
    }
    boolean dropTies = "drop".equals(query.ties());
    if (!dropTies && !"half".equals(query.ties())) {
      throw ProblemException.invalid("ties", "ties must be half or drop");
    }
    List<GeneratorBattle> rows = QuarkusTransaction.requiringNew().call(() ->
        preferences.betweenGenerators(query.dataset(), query.campaign()));
    Map<String, Integer> index = new TreeMap<>();
    rows.forEach(r -> {
      index.putIfAbsent(r.generatorA(), 0);
      index.putIfAbsent(r.generatorB(), 0);
    });
    List<String> names = new ArrayList<>(index.keySet());
    for (int i = 0; i < names.size(); i++) {
      index.put(names.get(i), i);
    }
    int n = names.size();
    List<BradleyTerry.Battle> battles = new ArrayList<>();
    int ties = 0;
    int bothBad = 0;
    int tiesDropped = 0;
    int[] played = new int[n];
    double[] won = new double[n];
    for (GeneratorBattle row : rows) {
      double outcome = switch (row.choice()) {
        case A -> 1;
        case B -> 0;
        case TIE -> 0.5;
        case BOTH_BAD -> -1;
      };
      if (outcome < 0) {
        bothBad++;
        continue;
      }
      if (outcome == 0.5) {
        ties++;
        if (dropTies) {
          tiesDropped++;
          continue;
        }
      }
      int a = index.get(row.generatorA());
      int b = index.get(row.generatorB());
      battles.add(new BradleyTerry.Battle(a, b, outcome));
      played[a]++;
      played[b]++;
      won[a] += outcome;
      won[b] += 1 - outcome;
    }
    if (n < 2 || battles.isEmpty()) {
      throw ProblemException.invalid(query.dataset() != null ? "dataset" : "campaign",
          "no judged comparisons between two named generators were found");
    }
    int anchor;
    if (query.anchor() != null) {
      Integer found = index.get(query.anchor());
      if (found == null) {
        throw ProblemException.invalid("anchor", "anchor must be one of the generators " + names);
      }
      anchor = found;
    } else {
      anchor = 0;
      for (int i = 1; i < n; i++) {
        if (played[i] > played[anchor]) {
          anchor = i;
        }
      }
    }
    List<BradleyTerry.Rating> ratings =
        BradleyTerry.fitWithIntervals(n, battles, anchor, query.rounds(), query.seed());

    // The reward model's verdict on each distinct comparison: the response with the higher reward wins.
    Optional<ProductionScorers.Loaded> model = models.isResolvable()
        ? models.get().productionScorer(ModelKind.REWARD) : Optional.empty();
    double[] rmWins = new double[n];
    int[] rmPlayed = new int[n];
    int scored = 0;
    if (model.isPresent()) {
      Map<Long, GeneratorBattle> distinct = new LinkedHashMap<>();
      rows.forEach(r -> distinct.putIfAbsent(r.comparisonId(), r));
      for (GeneratorBattle row : distinct.values()) {
        List<Reward> rewards = model.get().scorer().score(Messages.decode(row.content().promptMessages()),
            List.of(row.content().a(), row.content().b()));
        double outcome = Double.compare(rewards.get(0).raw(), rewards.get(1).raw()) > 0 ? 1
            : rewards.get(0).raw() == rewards.get(1).raw() ? 0.5 : 0;
        int a = index.get(row.generatorA());
        int b = index.get(row.generatorB());
        rmWins[a] += outcome;
        rmWins[b] += 1 - outcome;
        rmPlayed[a]++;
        rmPlayed[b]++;
        scored++;
      }
    }
    List<Entry> entries = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      BradleyTerry.Rating r = ratings.get(i);
      entries.add(new Entry(0, names.get(i), r.rating(), r.lower(), r.upper(), played[i], won[i],
          played[i] == 0 ? 0 : won[i] / played[i], model.isPresent() && rmPlayed[i] > 0 ? rmWins[i] / rmPlayed[i] : null,
          model.isPresent() ? rmPlayed[i] : null, null));
    }
    entries.sort(Comparator.comparingDouble(Entry::rating).reversed());
    List<Entry> ranked = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      Entry e = entries.get(i);
      Integer rewardModelRank = null;
      if (e.rewardModelWinRate() != null) {
        rewardModelRank = 1 + (int) entries.stream()
            .filter(o -> o.rewardModelWinRate() != null && o.rewardModelWinRate() > e.rewardModelWinRate()).count();
      }
      ranked.add(new Entry(i + 1, e.generator(), e.rating(), e.ciLower(), e.ciUpper(), e.battles(), e.wins(),
          e.winRate(), e.rewardModelWinRate(), e.rewardModelBattles(), rewardModelRank));
    }
    Double spearman = null;
    Double kendall = null;
    if (model.isPresent()) {
      double[] x = ranked.stream().mapToDouble(Entry::rating).toArray();
      double[] y = ranked.stream().mapToDouble(e -> e.rewardModelWinRate() == null ? 0 : e.rewardModelWinRate())
          .toArray();
      spearman = definedOrNull(Statistics.spearman(x, y));
      kendall = definedOrNull(Statistics.kendall(x, y));
    }
    return new Board(query.dataset(), query.campaign(), battles.size(), ties, bothBad, tiesDropped,
        dropTies ? "drop" : "half", names.get(anchor), query.rounds(), query.seed(),
        model.map(ProductionScorers.Loaded::version).orElse(null), scored, spearman, kendall,
        model.isPresent() ? null : "no reward model in production: reward-model win rates are left out", ranked);
  }

  private static Double definedOrNull(double correlation) {
    return Double.isNaN(correlation) ? null : correlation;
  }
}
