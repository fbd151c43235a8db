package dev.assay.trainer.leaderboard.api;

import dev.assay.trainer.leaderboard.LeaderboardService;
import java.util.List;

/**
 * A generator leaderboard: how the battles were counted, the Bradley-Terry ratings per generator, and
 * how well the production reward model's win rates agree with them ({@code spearman}, {@code kendall}).
 */
public record LeaderboardView(
    String dataset, Long campaign, int battles, int ties, int bothBadDropped, int tiesDropped, String tieHandling,
    String anchor, int bootstrapRounds, long seed, String rewardModelVersion, int comparisonsScored,
    Double spearman, Double kendall, String note, List<EntryView> models) {

  /** One generator's rating (Elo scale, 95% bootstrap interval) and record. */
  public record EntryView(
      int rank, String generator, double rating, double ciLower, double ciUpper, int battles, double wins,
      double winRate, Double rewardModelWinRate, Integer rewardModelBattles, Integer rewardModelRank) {
    static EntryView of(LeaderboardService.Entry e) {
      return new EntryView(e.rank(), e.generator(), e.rating(), e.ciLower(), e.ciUpper(), e.battles(), e.wins(),
          e.winRate(), e.rewardModelWinRate(), e.rewardModelBattles(), e.rewardModelRank());
    }
  }

  public static LeaderboardView of(LeaderboardService.Board b) {
    return new LeaderboardView(b.dataset(), b.campaign(), b.battles(), b.ties(), b.bothBadDropped(),
        b.tiesDropped(), b.tieHandling(), b.anchor(), b.bootstrapRounds(), b.seed(), b.rewardModelVersion(),
        b.comparisonsScored(), b.spearman(), b.kendall(), b.note(), b.models().stream().map(EntryView::of).toList());
  }
}
