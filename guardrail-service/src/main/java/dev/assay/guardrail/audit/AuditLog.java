package dev.assay.guardrail.audit;

import dev.assay.guardrail.GuardrailSettings;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Writes guardrail decisions to {@code guardrail_audit} without putting the database on the request
 * path: checks put their row on a bounded in-memory queue, and one background thread writes what is
 * queued in batch inserts (a batch starts as soon as a row is there and takes everything queued, up
 * to {@code batch-size}; idle, it polls every {@code flush-interval}).
 *
 * <p>No decision goes unaudited. When the queue is full (the database is slower than the traffic),
 * a check blocks up to {@code enqueue-timeout} for room; if there is still none it writes its own row
 * synchronously, and if that fails too the check fails (503) instead of returning an unaudited
 * decision. A batch that fails to write is retried, with backoff, until it is written; the queue
 * behind it fills and so slows the checks down. Rows still queued at shutdown are written before the
 * application stops. Rows queued in a replica that is killed (not stopped) are lost: this is the
 * price of keeping the insert off the request path.
 */
@ApplicationScoped
@Startup
public class AuditLog {
  private static final Logger LOG = Logger.getLogger(AuditLog.class);
  private static final String INSERT = "INSERT INTO guardrail_audit (trace_id, decided_at, caller, policy_name,"
      + " policy_version, model_version, prompt_hash, response_hash, prompt_text, response_text, score, threshold,"
      + " decision, reasons, latency_us) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  private final AgroalDataSource dataSource;
  private final GuardrailSettings.Audit settings;
  private final BlockingQueue<AuditEntry> queue;
  private final AtomicLong recorded = new AtomicLong();
  private final AtomicLong written = new AtomicLong();
  private final Thread writer;
  private volatile boolean stopping;

  public AuditLog(AgroalDataSource dataSource, GuardrailSettings settings) {
    this.dataSource = dataSource;
    this.settings = settings.audit();
    this.queue = new ArrayBlockingQueue<>(Math.max(1, this.settings.queueCapacity()));
    this.writer = Thread.ofPlatform().name("assay-audit-writer").daemon().start(this::run);
  }

  /**
   * Queues a decision for writing; blocks briefly when the queue is full, then writes it itself.
   *
   * @throws IllegalStateException when the row could not be queued nor written
   */
  public void record(AuditEntry entry) {
    recorded.incrementAndGet();
    try {
      if (queue.offer(entry) || queue.offer(entry, settings.enqueueTimeout().toNanos(), TimeUnit.NANOSECONDS)) {
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    LOG.warnf("Audit queue full (%d rows): writing decision %s synchronously", queue.size(), entry.traceId());
    try {
      insert(List.of(entry));
      written.incrementAndGet();
    } catch (SQLException e) {
      recorded.decrementAndGet();
      throw new IllegalStateException("the decision could not be audited: " + e.getMessage(), e);
    }
  }

  /** Rows queued but not yet written. */
  public int pending() {
    return queue.size();
  }

  /** Waits until every decision recorded before this call is written; true if it happened in time. */
  public boolean awaitWritten(long millis) throws InterruptedException {
    long target = recorded.get();
    long deadline = System.currentTimeMillis() + millis;
    while (written.get() < target) {
      if (System.currentTimeMillis() > deadline) {
        return false;
      }
      Thread.sleep(2);
    }
    return true;
  }

  private void run() {
    List<AuditEntry> batch = new ArrayList<>();
    long backoff = 50;
    while (true) {
      try {
        if (batch.isEmpty()) {
          AuditEntry first = queue.poll(settings.flushInterval().toNanos(), TimeUnit.NANOSECONDS);
          if (first == null) {
            if (stopping) {
              return;
            }
            continue;
          }
          batch.add(first);
          queue.drainTo(batch, settings.batchSize() - 1);
        }
        insert(batch);
        written.addAndGet(batch.size());
        batch.clear();
        backoff = 50;
      } catch (InterruptedException e) {
        return;
      } catch (SQLException | RuntimeException e) {
        LOG.errorf("Could not write %d audit rows (%s); retrying in %d ms", batch.size(), e.getMessage(), backoff);
        try {
          Thread.sleep(backoff);
        } catch (InterruptedException interrupted) {
          return;
        }
        backoff = Math.min(backoff * 2, 5_000);
        if (stopping && backoff >= 5_000) {
          LOG.errorf("Giving up on %d audit rows at shutdown", batch.size() + queue.size());
          return;
        }
      }
    }
  }

  private void insert(List<AuditEntry> entries) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert = connection.prepareStatement(INSERT)) {
      for (AuditEntry e : entries) {
        insert.setObject(1, e.traceId());
        insert.setTimestamp(2, Timestamp.from(e.decidedAt()));
        insert.setString(3, e.caller());
        insert.setString(4, e.policyName());
        insert.setInt(5, e.policyVersion());
        insert.setString(6, e.modelVersion());
        insert.setString(7, e.promptHash());
        insert.setString(8, e.responseHash());
        insert.setString(9, e.promptText());
        insert.setString(10, e.responseText());
        if (e.score() == null) {
          insert.setNull(11, Types.DOUBLE);
        } else {
          insert.setDouble(11, e.score());
        }
        insert.setDouble(12, e.threshold());
        insert.setString(13, e.decision());
        insert.setArray(14, connection.createArrayOf("text", e.reasons().toArray()));
        insert.setLong(15, e.latencyMicros());
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  /** Deletes rows older than the retention period. */
  @Scheduled(every = "${assay.guardrail.audit.retention-check-interval:1h}", delayed = "1m",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void applyRetention() {
    int days = settings.retentionDays();
    if (days > 0) {
      long deleted = deleteOlderThan(days);
      if (deleted > 0) {
        LOG.infof("Deleted %d guardrail audit rows older than %d days", deleted, days);
      }
    }
  }

  /** Deletes rows decided more than {@code days} days ago; returns how many. */
  public long deleteOlderThan(int days) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement delete = connection.prepareStatement(
            "DELETE FROM guardrail_audit WHERE decided_at < now() - make_interval(days => ?)")) {
      delete.setInt(1, days);
      return delete.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("audit retention failed: " + e.getMessage(), e);
    }
  }

  void stop(@Observes ShutdownEvent event) throws InterruptedException {
    stopping = true;
    writer.join(10_000);
  }
}
