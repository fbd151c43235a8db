package dev.assay.trainer.training;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.listener.TrainingListener;
import ai.djl.training.listener.TrainingListenerAdapter;
import ai.djl.translate.TranslateException;
import dev.assay.trainer.model.ModelDirectory;
import dev.assay.trainer.model.ModelJson;
import dev.assay.trainer.model.ModelLoadException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
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
 *
 * <p>With {@link GradientClipping}, a batch whose gradients are not finite makes no optimizer step: stepping
 * on the zeroed gradients would still move the weights (AdamW's decay and moments), and on the first step
 * DJL's {@code Trainer.step()} rejects all-zero gradients as a missing {@code backward()}.
 */
final class CheckpointedEpochs extends TrainingListenerAdapter {
  private final Path directory;
  private final Block network;
  private final TrainingState state;
  private final TrainingConfig config;
  private final String dataHash;
  private final GradientClipping clipping;
  private boolean stepped;
  private int epochsRun;

  /** {@code clipping} null steps on every batch's gradients as they are. */
  CheckpointedEpochs(Path directory, Block network, TrainingState state, TrainingConfig config, String dataHash,
      GradientClipping clipping) {
    this.directory = directory;
    this.network = network;
    this.state = state;
    this.config = config;
    this.dataHash = dataHash;
    this.clipping = clipping;
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
        for (Batch batch : trainer.iterateDataset(trainingEpoch.apply(state.completedEpochs() + 1))) {
          try (batch) {
            EasyTrain.trainBatch(trainer, batch);
            step(trainer);
          }
        }
        if (validation != null) {
          EasyTrain.evaluateDataset(trainer, validation);
        }
        trainer.notifyListeners(listener -> listener.onEpoch(trainer));
        epochsRun++;
      }
    } catch (TranslateException e) {
      throw new IllegalStateException("training failed", e);
    }
    return epochsRun;
  }

  /** Steps on the batch's gradients unless clipping found them not finite. */
  private void step(Trainer trainer) {
    if (clipping != null && !clipping.clip(trainer)) {
      return;
    }
    if (!stepped) {
      requireGradients(trainer);
    }
    trainer.step();
    stepped = true;
  }

  /**
   * Before the first step, what DJL's {@code Trainer.step()} checks then, done right: that {@code backward()}
   * reached the parameters, i.e. their gradients are not all zero. DJL instead tests whether the signed sum
   * of all gradients is exactly 0.0f, which a linear softmax head's gradients are up to rounding (each
   * example's gradient over the logits sums to zero), so a sound first batch can fail it; this norm check
   * stands in for DJL's, which is marked done.
   */
  private static void requireGradients(Trainer trainer) {
    if (GradientClipping.norm(trainer) == 0) {
      throw new IllegalStateException("the first batch's gradients are all zero: the loss did not reach the parameters");
    }
    try {
      Field checked = Trainer.class.getDeclaredField("gradientsChecked");
      checked.setAccessible(true);
      checked.setBoolean(trainer, true);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("DJL's Trainer no longer has the gradientsChecked flag this loop sets", e);
    }
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
