package dev.assay.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.platform.jdbc.Sql;
import dev.assay.store.record.Choice;
import dev.assay.store.record.HumanJudgement;
import dev.assay.store.record.Preferences;
import dev.assay.store.snapshot.SnapshotFilter;
import dev.assay.store.snapshot.SnapshotService;
import dev.assay.trainer.TestModels;
import dev.assay.trainer.training.TrainingPair;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SnapshotPairsMarginTest {
  @Inject SnapshotPairs snapshotPairs;
  @Inject SnapshotService snapshots;
  @Inject Preferences preferences;
  @Inject Sql sql;

  @Test
  void sevenPointJudgementsGiveTheDistanceFromTheMiddleForEitherSide() {
    TestModels.snapshot();
    List<Long> comparisons = sql.list("SELECT id FROM comparison ORDER BY id LIMIT 5", row -> row.getLong(1));
    long campaign = ThreadLocalRandom.current().nextLong(1_000_000_000L, 2_000_000_000L);
    // A much better, B much better, A slightly better, B better, no preference.
    List<Object[]> judgements = List.of(
        new Object[] {Choice.A, 1.0}, new Object[] {Choice.B, 7.0}, new Object[] {Choice.A, 3.0},
        new Object[] {Choice.B, 6.0}, new Object[] {Choice.TIE, 4.0});
    QuarkusTransaction.requiringNew().run(() -> {
      for (int i = 0; i < judgements.size(); i++) {
        preferences.recordHumanJudgement(new HumanJudgement(comparisons.get(i), "margin-rater",
            (Choice) judgements.get(i)[0], (Double) judgements.get(i)[1], "{}", List.of(), null, true, 9000L,
            campaign, -campaign * 10 - i, Instant.now()));
      }
    });
    long snapshot = snapshots.create("margins-" + campaign,
        new SnapshotFilter(List.of(), List.of(campaign), List.of(), false, true, false, 0, 0, null), "tests").id();

    List<TrainingPair> pairs = snapshotPairs.pairs(snapshot, "train").pairs();

    assertThat(pairs).hasSize(5);
    assertThat(pairs.stream().map(TrainingPair::margin).sorted().toList())
        .containsExactly(0.0, 1.0, 2.0, 3.0, 3.0);
    assertThat(pairs.stream().filter(TrainingPair::tie).map(TrainingPair::margin).toList()).containsExactly(0.0);
  }

  @Test
  void anAiJudgesOneToTwoPreferenceGivesTheSameMarginForEitherSide() {
    long snapshot = TestModels.snapshot();

    List<TrainingPair> pairs = snapshotPairs.pairs(snapshot, "train").pairs();

    Map<Boolean, List<Double>> byTie = pairs.stream()
        .collect(Collectors.partitioningBy(TrainingPair::tie, Collectors.mapping(TrainingPair::margin, Collectors.toList())));
    assertThat(byTie.get(false)).isNotEmpty().containsOnly(0.5);
    assertThat(byTie.get(true)).isNotEmpty().containsOnly(0.0);
  }
}
