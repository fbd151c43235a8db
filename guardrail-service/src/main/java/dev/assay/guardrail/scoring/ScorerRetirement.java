package dev.assay.guardrail.scoring;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Closes the models a swap took out of service a little later: requests that took a model before the
 * swap finish on it first.
 */
@ApplicationScoped
public class ScorerRetirement {
  private static final long DELAY_SECONDS = 30;

  private final ScheduledExecutorService retirer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "assay-model-retirer");
    thread.setDaemon(true);
    return thread;
  });

  /**
   * Takes a model out of service: its batcher, if it has one, takes no more requests and finishes those
   * queued, and the model is closed later.
   */
  public void retire(MicroBatcher<?, ?> batcher, AutoCloseable model) {
    if (batcher != null) {
      batcher.close();
    }
    closeLater(model);
  }

  public void closeLater(AutoCloseable model) {
    retirer.schedule(() -> {
      model.close();
      return null;
    }, DELAY_SECONDS, TimeUnit.SECONDS);
  }

  void close(@Observes ShutdownEvent event) {
    retirer.shutdownNow();
  }
}
