package dev.assay.trainer.training;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.listener.TrainingListener;
import ai.djl.training.listener.TrainingListenerAdapter;
import ai.djl.translate.TranslateException;
import dev.assay.trainer.model.ModelDirectory;
import dev.assay.trainer.model.ModelJson;
import dev.assay.trainer.model.ModelLoadException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.Stream;

/**
 * The epoch loop of {@link TrainingJob} and {@link ClassifierJob}: one epoch at a time until the configured
 * epochs are done or early stopping asks to stop, a {@link Checkpoint} written after each, then the best
 * epoch's parameters read back into the network when a later epoch came last.
 *
 * <p>The checkpoint lets a killed worker resume from the last completed epoch ({@link TrainingJob#resumeFrom}).
 * Order of writes: the epoch's parameters, then {@code checkpoint.json} (atomically), then deletion of
 * parameter files it no longer names; a kill at any point leaves a checkpoint whose files exist.
 */
final class CheckpointedEpochs extends TrainingListenerAdapter {
  private final Path directory;
  private final Block network;
  private final TrainingState state;
  private final TrainingConfig config;
  private final String dataHash;
  private int epochsRun;

  CheckpointedEpochs(Path directory, Block network, TrainingState state, TrainingConfig config, String dataHash) {
    this.directory = directory;
    this.network = network;
    this.state = state;
    this.config = config;
    this.dataHash = dataHash;
  }

  /** Early stopping, then the checkpoint, which records whether it asked to stop. */
  TrainingListener[] listeners() {
    return new TrainingListener[] {new EarlyStopping(state, config.earlyStoppingPatience()), this};
  }

  /** Writes the checkpoint of the epoch just completed. */
  @Override
  public void onEpoch(Trainer trainer) {
    try {
      Files.createDirectories(directory);
      int epoch = state.completedEpochs();
      ModelDirectory.writeParameters(network, directory.resolve(Checkpoint.parametersFile(epoch)));
      Path temp = directory.resolve(Checkpoint.FILE + ".tmp");
      ModelJson.MAPPER.writeValue(temp.toFile(), state.toCheckpoint(config, dataHash));
      Files.move(temp, directory.resolve(Checkpoint.FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      deleteParametersExcept(
          List.of(Checkpoint.parametersFile(epoch), Checkpoint.parametersFile(state.bestEpoch())));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write checkpoint to " + directory, e);
    }
  }

  private void deleteParametersExcept(List<String> kept) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : files.toList()) {
        String name = file.getFileName().toString();
        if (name.startsWith("epoch-") && name.endsWith(".params") && !kept.contains(name)) {
          Files.delete(file);
        }
      }
    }
  }

  /**
   * Fits the epochs left, each on {@code trainingEpoch.apply(n)} for its 1-based number n (a shuffle of its own).
   *
   * @return how many epochs ran: none when a resumed run had finished
   */
  int fit(Trainer trainer, IntFunction<Dataset> trainingEpoch, Dataset validation) throws IOException {
    try {
      while (state.completedEpochs() < config.epochs() && !state.stopRequested()) {
        EasyTrain.fit(trainer, 1, trainingEpoch.apply(state.completedEpochs() + 1), validation);
        epochsRun++;
      }
    } catch (TranslateException e) {
      throw new IllegalStateException("training failed", e);
    }
    return epochsRun;
  }

  /**
   * After {@link #fit}: reads the best epoch's parameters back unless the network holds them already, which it
   * does only when the last epoch run was the best (a resumed run that ran none is read from its checkpoint).
   */
  void restoreBest(NDManager manager) throws IOException, ModelLoadException {
    if (state.bestEpoch() != state.completedEpochs() || epochsRun == 0) {
      readParameters(directory.resolve(Checkpoint.parametersFile(state.bestEpoch())), network, manager);
    }
  }

  /** Reads a checkpoint's parameters into {@code network}; a missing file is a checkpoint that cannot be used. */
  static void readParameters(Path file, Block network, NDManager manager) throws IOException, ModelLoadException {
    if (!Files.exists(file)) {
      throw new ModelLoadException("checkpoint parameters " + file + " are missing");
    }
    ModelDirectory.readParameters(file, network, manager);
  }
}
