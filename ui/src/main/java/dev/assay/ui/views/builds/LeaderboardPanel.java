package dev.assay.ui.views.builds;

import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import dev.assay.trainer.leaderboard.LeaderboardService;
import dev.assay.ui.components.SvgChart;
import java.util.Locale;

/**
 * A leaderboard: the Bradley-Terry ratings with their 95% bootstrap intervals drawn, and a table with each
 * generator's rank next to the rank the production reward model gives it, and how well the two rankings agree.
 */
public class LeaderboardPanel extends Div {
  private final Paragraph summary = new Paragraph();
  private final Paragraph agreement = new Paragraph();
  private final SvgChart chart = new SvgChart("Ratings with 95% intervals");
  private final Grid<LeaderboardService.Entry> grid = new Grid<>();

  public LeaderboardPanel() {
    summary.setId("leaderboard-summary");
    summary.addClassName("muted");
    agreement.setId("leaderboard-agreement");
    chart.setId("leaderboard-chart");
    grid.addColumn(LeaderboardService.Entry::rank).setHeader("Rank").setAutoWidth(true);
    grid.addColumn(LeaderboardService.Entry::generator).setHeader("Generator").setFlexGrow(2);
    grid.addColumn(e -> String.format(Locale.ROOT, "%.0f", e.rating())).setHeader("Rating")
        .setTextAlign(ColumnTextAlign.END).setAutoWidth(true);
    grid.addColumn(e -> String.format(Locale.ROOT, "%.0f – %.0f", e.ciLower(), e.ciUpper())).setHeader("95% interval")
        .setAutoWidth(true);
    grid.addColumn(LeaderboardService.Entry::battles).setHeader("Battles").setTextAlign(ColumnTextAlign.END)
        .setAutoWidth(true);
    grid.addColumn(e -> percent(e.winRate())).setHeader("Win rate").setTextAlign(ColumnTextAlign.END)
        .setAutoWidth(true);
    grid.addColumn(e -> e.rewardModelWinRate() == null ? "–" : percent(e.rewardModelWinRate()))
        .setHeader("Reward model's win rate").setTextAlign(ColumnTextAlign.END).setAutoWidth(true);
    grid.addColumn(e -> e.rewardModelRank() == null ? "–" : String.valueOf(e.rewardModelRank()))
        .setHeader("Reward model's rank").setTextAlign(ColumnTextAlign.END).setAutoWidth(true);
    grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_COMPACT);
    grid.setAllRowsVisible(true);
    grid.setId("leaderboard-grid");
    add(summary, chart, agreement, grid);
    setVisible(false);
  }

  public void show(LeaderboardService.Board board) {
    summary.setText(String.format(Locale.ROOT, "%d battles (%d ties, counted as %s; %d both-bad left out); anchor %s"
            + " at 1000; %d bootstrap rounds.", board.battles(), board.ties(), board.tieHandling(),
        board.bothBadDropped(), board.anchor(), board.bootstrapRounds()));
    chart.showIntervals(board.models().stream()
        .map(e -> new SvgChart.Interval(e.generator(), e.rating(), e.ciLower(), e.ciUpper())).toList(), "%.0f");
    if (board.rewardModelVersion() == null) {
      agreement.setText(board.note());
    } else {
      agreement.setText(String.format(Locale.ROOT, "Reward model %s judged %d comparisons. Rank correlation with"
              + " the ratings: Spearman %s, Kendall %s.", board.rewardModelVersion(), board.comparisonsScored(),
          correlation(board.spearman()), correlation(board.kendall())));
    }
    grid.setItems(board.models());
    setVisible(true);
  }

  private static String correlation(Double value) {
    return value == null ? "undefined (a constant ranking)" : String.format(Locale.ROOT, "%.2f", value);
  }

  private static String percent(double value) {
    return String.format(Locale.ROOT, "%.0f%%", value * 100);
  }
}
