package dev.assay.trainer.training;

import ai.djl.nn.Block;
import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListenerAdapter;
import dev.assay.trainer.model.ModelDirectory;
import dev.assay.trainer.model.ModelJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * Saves a {@link Checkpoint} after every epoch so that a killed worker resumes from the last
 * completed epoch ({@link TrainingJob#resumeFrom}). Order of writes: the epoch's parameters, then
 * {@code checkpoint.json} (atomically), then deletion of parameter files it no longer names; a kill at
 * any point leaves a checkpoint whose files exist.
 */
final class Checkpointing extends TrainingListenerAdapter {
  private final Path directory;
  private final Block network;
  private final TrainingState state;
  private final TrainingConfig config;
  private final String dataHash;

  Checkpointing(Path directory, Block network, TrainingState state, TrainingConfig config, String dataHash) {
    this.directory = directory;
    this.network = network;
    this.state = state;
    this.config = config;
    this.dataHash = dataHash;
  }

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
}
