package dev.assay.platform.metrics;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Runs every {@link DatabaseReading} bean every {@code assay.metrics.refresh-interval}, on one background
 * thread, in processes that run the background duties (the server and the worker, not one-shot commands).
 */
@ApplicationScoped
public class DatabaseReadings {
  private static final Logger LOG = Logger.getLogger(DatabaseReadings.class);

  private final Instance<DatabaseReading> readings;
  private final Duration interval;
  private ScheduledExecutorService timer;

  public DatabaseReadings(@Any Instance<DatabaseReading> readings,
      @ConfigProperty(name = "assay.metrics.refresh-interval", defaultValue = "15s") Duration interval) {
    this.readings = readings;
    this.interval = interval;
  }

  void start(@Observes StartupEvent startup, @ConfigProperty(name = "assay.roles.background") boolean background) {
    if (!background) {
      return;
    }
    List<DatabaseReading> all = readings.stream().toList();
    timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("metric-readings").daemon().factory());
    timer.scheduleWithFixedDelay(() -> all.forEach(DatabaseReadings::read), 0, interval.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  void stop(@Observes ShutdownEvent shutdown) {
    if (timer != null) {
      timer.shutdownNow();
    }
  }

  private static void read(DatabaseReading reading) {
    try {
      reading.read();
    } catch (RuntimeException e) {
      // the gauges keep their last values until the database answers again
      LOG.debugf("Metric reading %s failed: %s", reading.getClass().getSimpleName(), e.getMessage());
    }
  }
}
