package dev.assay.trainer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.store.dataset.ImportService;
import dev.assay.store.snapshot.SnapshotFilter;
import dev.assay.store.snapshot.SnapshotService;
import io.quarkus.arc.Arc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The training data of the Quarkus tests that train real reward models: the 84-pair polite-vs-rude
 * fixture imported into the store and frozen in a snapshot, once per test JVM.
 */
public final class TestModels {
  public static final String DATASET = "test-fixture-polite-vs-rude";
  private static Long snapshotId;
  private static Long flippedSnapshotId;

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

  /**
   * The fixture with every preference reversed (ties stay ties), imported as its own dataset and frozen: the
   * same pairs taught the wrong way round, for a deliberately worse model. Once per test JVM.
   */
  public static synchronized long flippedSnapshot() {
    if (flippedSnapshotId == null) {
      try {
        ObjectMapper json = new ObjectMapper();
        StringBuilder lines = new StringBuilder();
        for (String line : Files.readAllLines(TestData.fixtureFile())) {
          ObjectNode pair = (ObjectNode) json.readTree(line);
          pair.put("preference", 3 - pair.get("preference").asDouble());
          lines.append(json.writeValueAsString(pair)).append('\n');
        }
        Path flipped = Files.createTempDirectory("assay-flipped-").resolve("flipped.jsonl");
        Files.writeString(flipped, lines);
        String dataset = DATASET + "-flipped-" + System.nanoTime();
        Arc.container().instance(ImportService.class).get().importFile(flipped, dataset, null, null, "tests", n -> {});
        flippedSnapshotId = Arc.container().instance(SnapshotService.class).get()
            .create("fixture-flipped", SnapshotFilter.ofDatasets(List.of(dataset)), "tests").id();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return flippedSnapshotId;
  }
}
