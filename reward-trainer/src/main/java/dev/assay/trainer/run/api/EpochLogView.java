package dev.assay.trainer.run.api;

import dev.assay.trainer.run.TrainingRunService;
import java.util.Map;

/** The metrics logged for one epoch of a run ({@code loss}, {@code eval_accuracy}, ...). */
public record EpochLogView(int epoch, Map<String, Object> metrics) {
  public static EpochLogView of(TrainingRunService.EpochLog log) {
    return new EpochLogView(log.epoch(), log.metrics());
  }
}
