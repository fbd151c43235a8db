package dev.assay.platform.outbox;

import dev.assay.platform.jdbc.Sql;
import dev.assay.platform.metrics.DatabaseReading;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The outbox's backlog as gauges: {@code assay.outbox.pending} (rows not yet published) and
 * {@code assay.outbox.lag} (age of the oldest of them, 0 when none): a broker that is down or a relay
 * that stopped shows as a lag that keeps growing. The same for every replica (one table): aggregate with
 * {@code max}, not {@code sum}.
 */
@ApplicationScoped
public class OutboxMeters implements DatabaseReading {
  private final Sql sql;
  private volatile double pending;
  private volatile double lagSeconds;

  public OutboxMeters(Sql sql, MeterRegistry registry) {
    this.sql = sql;
    Gauge.builder("assay.outbox.pending", this, meters -> meters.pending)
        .description("Outbox events not yet published to the broker")
        .register(registry);
    Gauge.builder("assay.outbox.lag", this, meters -> meters.lagSeconds)
        .description("Age of the oldest outbox event not yet published; 0 when there is none")
        .baseUnit("seconds")
        .register(registry);
  }

  @Override
  public void read() {
    double[] backlog = QuarkusTransaction.requiringNew().call(() -> sql.one(
        "SELECT count(*) AS pending, COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0) AS lag"
            + " FROM outbox_event WHERE published_at IS NULL",
        row -> new double[] {row.getLong("pending"), row.getDouble("lag")}).orElseThrow());
    pending = backlog[0];
    lagSeconds = Math.max(0, backlog[1]);
  }
}
