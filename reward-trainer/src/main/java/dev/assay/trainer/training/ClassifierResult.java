package dev.assay.trainer.training;

import java.nio.file.Path;
import java.util.List;

/**
 * A finished classifier run.
 *
 * @param modelDirectory where the model was saved
 * @param labels the classes, in the order of the model's outputs
 * @param trainingExamples examples trained on
 * @param validationExamples examples of the validation split (0: none, no calibration)
 * @param history metrics of every epoch run
 * @param bestEpoch the epoch whose weights were kept
 * @param temperature the calibration temperature
 * @param uncalibratedValidationEce top-label calibration error on the validation split before calibration
 * @param calibratedValidationEce the same after it
 */
public record ClassifierResult(
    Path modelDirectory, List<String> labels, int trainingExamples, int validationExamples, List<EpochMetrics> history,
    int bestEpoch, double temperature, double uncalibratedValidationEce, double calibratedValidationEce) {}
