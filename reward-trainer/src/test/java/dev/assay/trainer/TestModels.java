package dev.assay.trainer;

import dev.assay.store.dataset.ImportService;
import dev.assay.store.snapshot.SnapshotFilter;
import dev.assay.store.snapshot.SnapshotService;
import dev.assay.trainer.run.RunRequest;
import dev.assay.trainer.run.TrainingRun;
import dev.assay.trainer.run.TrainingRunService;
import io.quarkus.arc.Arc;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Real reward models for the Quarkus tests: the 84-pair polite-vs-rude fixture is imported into the
 * store, frozen in a snapshot and trained on through the real work queue (hashed features, a few
 * seconds). One dataset and snapshot per test JVM; each call trains a new model.
 */
public final class TestModels {
  public static final String DATASET = "test-fixture-polite-vs-rude";
  private static Long snapshotId;

  private TestModels() {}

  /** The fixture's snapshot, importing the fixture on first use. */
  public static synchronized long snapshot() {
    if (snapshotId == null) {
      Arc.container().instance(ImportService.class).get()
          .importFile(TestData.fixtureFile(), DATASET, null, null, "tests", n -> {});
      snapshotId = Arc.container().instance(SnapshotService.class).get()
          .create("fixture", SnapshotFilter.ofDatasets(List.of(DATASET)), "tests").id();
    }
    return snapshotId;
  }

  /** Trains a candidate through the training queue and returns its registry id. */
  public static long trainCandidate(int seed) throws InterruptedException {
    TrainingRunService runs = Arc.container().instance(TrainingRunService.class).get();
    TrainingRun run = runs.create(new RunRequest(snapshot(), null, "hashed", null, 6, 8, null, null, null, null, null,
        seed), "tests");
    Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
    while (Instant.now().isBefore(deadline)) {
      TrainingRun current = runs.get(run.id);
      if (current.state == TrainingRun.State.SUCCEEDED) {
        return current.modelId;
      }
      if (current.state == TrainingRun.State.FAILED) {
        throw new AssertionError("training run failed: " + current.error);
      }
      Thread.sleep(200);
    }
    throw new AssertionError("training run " + run.id + " did not finish in 3 minutes");
  }
}
