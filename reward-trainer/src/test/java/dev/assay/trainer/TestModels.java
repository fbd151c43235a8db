package dev.assay.trainer;

import dev.assay.store.dataset.ImportService;
import dev.assay.store.snapshot.SnapshotFilter;
import dev.assay.store.snapshot.SnapshotService;
import io.quarkus.arc.Arc;
import java.util.List;

/**
 * The training data of the Quarkus tests that train real reward models: the 84-pair polite-vs-rude
 * fixture imported into the store and frozen in a snapshot, once per test JVM.
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
}
