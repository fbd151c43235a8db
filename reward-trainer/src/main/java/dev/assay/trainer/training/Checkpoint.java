package dev.assay.trainer.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code checkpoint.json}: the state of a run after its last completed epoch. The weights of that
 * epoch are in {@code epoch-<n>.params} next to it, and those of the best epoch in
 * {@code epoch-<best>.params}. Adam's moment estimates are not saved (DJL does not expose them): a
 * resumed run restarts them, which costs a few steps of warm-up, not correctness.
 *
 * @param config the run's configuration; resuming with another one is refused
 * @param dataHash hash of the training pairs; resuming on other data is refused
 * @param history metrics of the completed epochs
 * @param bestEpoch 1-based epoch with the lowest monitored loss
 * @param epochsWithoutImprovement epochs since the best one
 * @param stopRequested whether early stopping ended the run
 */
public record Checkpoint(
    TrainingConfig config,
    String dataHash,
    List<EpochMetrics> history,
    int bestEpoch,
    int epochsWithoutImprovement,
    boolean stopRequested) {

  public static final String FILE = "checkpoint.json";

  static String parametersFile(int epoch) {
    return "epoch-" + epoch + ".params";
  }

  /** Deletes a directory of checkpoints (or a run's directory holding one) with everything in it. */
  public static void deleteDirectory(Path directory) throws IOException {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
  }
}
