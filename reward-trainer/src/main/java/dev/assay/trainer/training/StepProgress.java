package dev.assay.trainer.training;

import java.time.Duration;

/**
 * Progress after one optimizer step, for progress bars and server-sent events.
 *
 * @param epoch 1-based current epoch
 * @param epochs maximum number of epochs
 * @param step 1-based step within the epoch
 * @param steps steps per epoch
 * @param loss mean training loss so far in this epoch
 * @param accuracy training accuracy so far in this epoch
 * @param elapsed time since training (or resuming) started
 * @param eta estimated time until the last epoch ends, from the pace so far
 */
public record StepProgress(
    int epoch, int epochs, int step, int steps, double loss, double accuracy, Duration elapsed, Duration eta) {}
