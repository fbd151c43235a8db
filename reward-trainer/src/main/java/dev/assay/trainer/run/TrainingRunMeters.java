package dev.assay.trainer.run;

import dev.assay.platform.jdbc.Sql;
import dev.assay.platform.metrics.DatabaseReading;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Training runs by state as a gauge, {@code assay.training.runs{state}}, counted in the database (so it
 * is right whichever replica or worker moved a run) and refreshed in the background. The same for every
 * replica: aggregate with {@code max}, not {@code sum}.
 */
@ApplicationScoped
public class TrainingRunMeters implements DatabaseReading {
  private final Sql sql;
  private final Map<TrainingRun.State, AtomicLong> runs = new EnumMap<>(TrainingRun.State.class);

  public TrainingRunMeters(Sql sql, MeterRegistry registry) {
    this.sql = sql;
    for (TrainingRun.State state : TrainingRun.State.values()) {
      AtomicLong count = new AtomicLong();
      runs.put(state, count);
      Gauge.builder("assay.training.runs", count, AtomicLong::get)
          .description("Training runs by state")
          .tag("state", state.name())
          .register(registry);
    }
  }

  @Override
  public void read() {
    Map<TrainingRun.State, Long> counted = new EnumMap<>(TrainingRun.State.class);
    QuarkusTransaction.requiringNew().run(() -> sql.list("SELECT state, count(*) AS runs FROM training_run GROUP BY state",
            row -> Map.entry(TrainingRun.State.valueOf(row.getString("state")), row.getLong("runs")))
        .forEach(entry -> counted.put(entry.getKey(), entry.getValue())));
    runs.forEach((state, count) -> count.set(counted.getOrDefault(state, 0L)));
  }
}
