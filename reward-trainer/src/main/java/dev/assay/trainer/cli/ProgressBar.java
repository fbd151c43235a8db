package dev.assay.trainer.cli;

import dev.assay.trainer.training.EpochMetrics;
import dev.assay.trainer.training.StepProgress;
import dev.assay.trainer.training.TrainingObserver;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/**
 * A one-line terminal progress bar (epoch, step, loss, accuracy, ETA) redrawn with carriage returns,
 * at most ten times a second, and one summary line per epoch.
 */
final class ProgressBar implements TrainingObserver {
  private static final int WIDTH = 24;
  private static final long REDRAW_NANOS = 100_000_000L;

  private final PrintWriter out;
  private long lastDraw;

  ProgressBar(PrintWriter out) {
    this.out = out;
  }

  @Override
  public void onStep(StepProgress p) {
    long now = System.nanoTime();
    if (p.step() != p.steps() && now - lastDraw < REDRAW_NANOS) {
      return;
    }
    lastDraw = now;
    int filled = WIDTH * p.step() / p.steps();
    out.printf(Locale.ROOT, "\repoch %d/%d [%s%s] step %d/%d loss %.4f acc %.3f ETA %s ",
        p.epoch(), p.epochs(), "#".repeat(filled), "-".repeat(WIDTH - filled), p.step(), p.steps(), p.loss(),
        p.accuracy(), clock(p.eta()));
    out.flush();
  }

  @Override
  public void onEpoch(EpochMetrics epoch) {
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%nepoch %d done in %.1f s:", epoch.epoch(),
        epoch.seconds()));
    epoch.metrics().forEach((name, value) -> {
      if (name.endsWith("loss") || name.endsWith("accuracy") || name.endsWith("margin")) {
        line.append(String.format(Locale.ROOT, " %s=%.4f", name, value));
      }
    });
    out.println(line);
    out.flush();
  }

  private static String clock(Duration duration) {
    long seconds = duration.toSeconds();
    return String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
  }
}
