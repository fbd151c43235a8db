package dev.assay.trainer.training;

import dev.assay.trainer.model.ModelManifest;
import java.nio.file.Path;
import java.util.List;

/**
 * The outcome of a training run.
 *
 * @param modelDirectory where the model was saved (load it with {@code RewardScorer.load})
 * @param manifest the saved {@code model.json}
 * @param history metrics of every epoch, including epochs before a resume
 * @param bestEpoch the epoch whose weights were saved
 * @param stoppedEarly whether early stopping ended the run before the last epoch
 * @param trainingPairs pairs trained on (after dropping)
 * @param validationPairs pairs validated on
 * @param pairsPerSecond training throughput of this process (featurizing, forward, backward, step)
 */
public record TrainingResult(
    Path modelDirectory,
    ModelManifest manifest,
    List<EpochMetrics> history,
    int bestEpoch,
    boolean stoppedEarly,
    int trainingPairs,
    int validationPairs,
    double pairsPerSecond) {}
