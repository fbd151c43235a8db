package dev.assay.trainer.cli;

import dev.assay.platform.cli.ProgressOutput;
import dev.assay.trainer.training.EpochMetrics;
import dev.assay.trainer.training.StepProgress;
import dev.assay.trainer.training.TrainingObserver;
import java.time.Duration;
import java.util.Locale;

/**
 * Training progress (epoch, step, loss, accuracy, ETA) and one summary line per epoch: a bar redrawn in
 * place on a terminal, a plain step line now and then otherwise.
 */
final class ProgressBar implements TrainingObserver {
  static final Duration PLAIN_PERIOD = Duration.ofSeconds(10);
  private static final int WIDTH = 24;

  private final ProgressOutput out;
  private final boolean terminal;

  ProgressBar(ProgressOutput out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
  }

  @Override
  public void onStep(StepProgress p) {
    String position = String.format(Locale.ROOT, "epoch %d/%d", p.epoch(), p.epochs());
    if (terminal) {
      int filled = WIDTH * p.step() / p.steps();
      position += " [" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "]";
    }
    out.update(String.format(Locale.ROOT, "%s step %d/%d loss %.4f acc %.3f ETA %s", position, p.step(), p.steps(),
        p.loss(), p.accuracy(), clock(p.eta())), terminal && p.step() == p.steps());
  }

  @Override
  public void onEpoch(EpochMetrics epoch) {
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "epoch %d done in %.1f s:", epoch.epoch(),
        epoch.seconds()));
    epoch.metrics().forEach((name, value) -> {
      if (name.endsWith("loss") || name.endsWith("accuracy") || name.endsWith("margin")) {
        line.append(String.format(Locale.ROOT, " %s=%.4f", name, value));
      }
    });
    out.println(line.toString());
  }

  private static String clock(Duration duration) {
    long seconds = duration.toSeconds();
    return String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
  }
}
