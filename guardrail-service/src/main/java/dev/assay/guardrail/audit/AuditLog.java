package dev.assay.guardrail.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.guardrail.GuardrailSettings;
import dev.assay.platform.audit.AuditChains;
import dev.assay.platform.problem.ProblemException;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Writes guardrail decisions to {@code guardrail_audit} (and their traces to {@code
 * guardrail_decision_trace}, in the same transaction) before the caller sees them, with one commit
 * for many concurrent checks (group commit): a check queues its row and waits; one writer thread
 * takes everything queued (up to {@code batch-size}), inserts it in one transaction, commits, and
 * releases the waiting checks. A decision returned to a caller is therefore committed, and survives
 * the application being killed.
 *
 * <p>When a batch fails, its rows are retried one by one in the same transaction; a row the database
 * still refuses (e.g. text with U+0000) is kept in {@code guardrail_audit_dead_letter} with the reason,
 * so it holds up nothing else. A check whose row can be neither written nor dead-lettered, or that
 * waits longer than {@code commit-timeout}, fails with 503 instead of returning an unaudited decision.
 */
@ApplicationScoped
@Startup
public class AuditLog {
  private static final Logger LOG = Logger.getLogger(AuditLog.class);
  static final String CHAIN = "guardrail";
  static final String DEAD_LETTER_CHAIN = "guardrail-dead-letter";
  static final String TRACE_CHAIN = "guardrail-trace";
  private static final String INSERT = "INSERT INTO guardrail_audit (trace_id, decided_at, caller, policy_name,"
      + " policy_version, model_version, prompt_hash, response_hash, prompt_text, response_text, score, threshold,"
      + " decision, reasons, latency_us) VALUES ";
  private static final String INSERT_ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final int INSERT_PARAMETERS = 15;
  private static final String TRACE = "INSERT INTO guardrail_decision_trace (trace_id, decided_at, trace) VALUES ";
  private static final String TRACE_ROW = "(?, ?, ?::jsonb)";
  private static final int TRACE_PARAMETERS = 3;
  /** PostgreSQL's wire protocol numbers a statement's parameters in 16 bits. */
  private static final int MAX_PARAMETERS = Short.MAX_VALUE;
  private static final String DEAD_LETTER =
      "INSERT INTO guardrail_audit_dead_letter (trace_id, reason, entry) VALUES (?, ?, ?)";

  private record Pending(AuditEntry entry, CompletableFuture<Void> written) {}

  private final AgroalDataSource dataSource;
  private final GuardrailSettings.Audit settings;
  private final AuditChains chains;
  private final ObjectMapper json;
  private final BlockingQueue<Pending> queue;
  private final Thread writer;
  private volatile boolean stopping;

  public AuditLog(AgroalDataSource dataSource, GuardrailSettings settings, AuditChains chains, ObjectMapper json) {
    this.dataSource = dataSource;
    this.settings = settings.audit();
    this.chains = chains;
    this.json = json;
    this.queue = new ArrayBlockingQueue<>(Math.max(1, this.settings.queueCapacity()));
    this.writer = Thread.ofPlatform().name("assay-audit-writer").daemon().start(this::run);
  }

  /**
   * Writes a decision and returns once it is committed (or dead-lettered with its reason).
   *
   * @throws ProblemException 503 when it could not be written in time
   */
  public void record(AuditEntry entry) {
    Pending pending = new Pending(entry, new CompletableFuture<>());
    try {
      if (!writer.isAlive() || !queue.offer(pending, settings.enqueueTimeout().toNanos(), TimeUnit.NANOSECONDS)) {
        throw unaudited(writer.isAlive() ? "the audit queue is full" : "the audit writer has stopped");
      }
      pending.written().get(settings.commitTimeout().toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unaudited("interrupted");
    } catch (ExecutionException e) {
      throw unaudited(e.getCause().getMessage());
    } catch (TimeoutException e) {
      throw unaudited("not written within " + settings.commitTimeout());
    }
  }

  private static ProblemException unaudited(String why) {
    return new ProblemException(503, "Audit Unavailable", "the decision could not be audited: " + why, null, null);
  }

  private void run() {
    List<Pending> batch = new ArrayList<>();
    while (true) {
      Pending first;
      try {
        first = queue.poll(settings.flushInterval().toNanos(), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (first == null) {
        if (stopping) {
          return;
        }
        continue;
      }
      batch.add(first);
      queue.drainTo(batch, settings.batchSize() - 1);
      write(batch);
      batch.clear();
    }
  }

  private void write(List<Pending> batch) {
    List<Pending> refused = new ArrayList<>();
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        try {
          commitWithoutFlush(connection);
          insert(connection, batch);
        } catch (SQLException batchFailure) {
          connection.rollback();
          commitWithoutFlush(connection);
          LOG.warnf("An audit batch of %d rows failed (%s); writing its rows one by one", batch.size(),
              batchFailure.getMessage());
          for (Pending pending : batch) {
            if (!insertAlone(connection, pending)) {
              refused.add(pending);
            }
          }
        }
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    } catch (SQLException | RuntimeException e) {
      LOG.errorf("Could not write %d audit rows: %s", batch.size(), e.getMessage());
      batch.forEach(pending -> pending.written().completeExceptionally(e));
      return;
    }
    for (Pending pending : batch) {
      if (refused.contains(pending)) {
        pending.written().completeExceptionally(new IllegalStateException("neither written nor dead-lettered"));
      } else {
        pending.written().complete(null);
      }
    }
  }

  /**
   * The guarantee is against this application dying (kill -9): a commit PostgreSQL has accepted is its
   * to keep. Waiting for the WAL flush as well would put a disk sync (about 10 ms here) into every
   * check's latency while guarding only against PostgreSQL's own host crashing within its WAL writer
   * delay (at most three times wal_writer_delay, 600 ms by default).
   */
  private static void commitWithoutFlush(Connection connection) throws SQLException {
    try (var statement = connection.createStatement()) {
      statement.execute("SET LOCAL synchronous_commit = off");
    }
  }

  /** Inserts one row, or else its dead letter; false when neither could be written. */
  private boolean insertAlone(Connection connection, Pending pending) throws SQLException {
    Savepoint before = connection.setSavepoint();
    try {
      insert(connection, List.of(pending));
      return true;
    } catch (SQLException rowFailure) {
      connection.rollback(before);
      String reason = String.valueOf(rowFailure.getMessage()).replace('\u0000', ' ');
      LOG.errorf("Audit row of decision %s refused (%s); dead-lettered", pending.entry().traceId(), reason);
      try (PreparedStatement deadLetter = connection.prepareStatement(DEAD_LETTER)) {
        deadLetter.setObject(1, pending.entry().traceId());
        deadLetter.setString(2, reason);
        deadLetter.setBytes(3, json.writeValueAsString(pending.entry()).getBytes(StandardCharsets.UTF_8));
        deadLetter.executeUpdate();
        return true;
      } catch (SQLException | JsonProcessingException deadLetterFailure) {
        connection.rollback(before);
        LOG.errorf("Dead letter of decision %s refused too: %s", pending.entry().traceId(),
            deadLetterFailure.getMessage());
        return false;
      }
    }
  }

  /**
   * Inserts the batch's audit rows in one statement and their traces in another: the chain's head in
   * {@code audit_chain} then moves once per statement instead of once per row (see the
   * {@code audit_chain_head_per_statement} migration), and PostgreSQL parses and plans two statements.
   */
  private static void insert(Connection connection, List<Pending> batch) throws SQLException {
    List<AuditEntry> entries = batch.stream().map(Pending::entry).toList();
    insertRows(connection, INSERT, INSERT_ROW, INSERT_PARAMETERS, entries,
        (statement, parameter, e) -> bind(connection, statement, parameter, e));
    List<AuditEntry> traced = entries.stream().filter(e -> e.traceJson() != null).toList();
    insertRows(connection, TRACE, TRACE_ROW, TRACE_PARAMETERS, traced, AuditLog::bindTrace);
  }

  /** Binds one row's parameters from {@code parameter} on and returns the next free one. */
  @FunctionalInterface
  private interface RowBinder {
    int bind(PreparedStatement statement, int parameter, AuditEntry entry) throws SQLException;
  }

  /** Inserts {@code entries} with as many rows per statement as PostgreSQL's parameter numbers allow. */
  private static void insertRows(Connection connection, String insert, String row, int parametersPerRow,
      List<AuditEntry> entries, RowBinder binder) throws SQLException {
    int rowsPerStatement = MAX_PARAMETERS / parametersPerRow;
    for (int from = 0; from < entries.size(); from += rowsPerStatement) {
      List<AuditEntry> rows = entries.subList(from, Math.min(entries.size(), from + rowsPerStatement));
      try (PreparedStatement statement = connection.prepareStatement(insert + rowsOf(row, rows.size()))) {
        int parameter = 1;
        for (AuditEntry e : rows) {
          parameter = binder.bind(statement, parameter, e);
        }
        statement.executeUpdate();
      }
    }
  }

  private static int bindTrace(PreparedStatement trace, int p, AuditEntry e) throws SQLException {
    trace.setObject(p, e.traceId());
    trace.setTimestamp(p + 1, Timestamp.from(e.decidedAt()));
    trace.setString(p + 2, e.traceJson());
    return p + TRACE_PARAMETERS;
  }

  private static String rowsOf(String row, int count) {
    return String.join(", ", Collections.nCopies(count, row));
  }

  /** Binds one decision's audit row from parameter {@code p} on; returns the next free parameter. */
  private static int bind(Connection connection, PreparedStatement insert, int p, AuditEntry e) throws SQLException {
    insert.setObject(p, e.traceId());
    insert.setTimestamp(p + 1, Timestamp.from(e.decidedAt()));
    insert.setString(p + 2, e.caller());
    insert.setString(p + 3, e.policyName());
    insert.setInt(p + 4, e.policyVersion());
    insert.setString(p + 5, e.modelVersion());
    insert.setString(p + 6, e.promptHash());
    insert.setString(p + 7, e.responseHash());
    insert.setString(p + 8, e.promptText());
    insert.setString(p + 9, e.responseText());
    if (e.score() == null) {
      insert.setNull(p + 10, Types.DOUBLE);
    } else {
      insert.setDouble(p + 10, e.score());
    }
    if (e.threshold() == null) {
      insert.setNull(p + 11, Types.DOUBLE);
    } else {
      insert.setDouble(p + 11, e.threshold());
    }
    insert.setString(p + 12, e.decision());
    insert.setArray(p + 13, connection.createArrayOf("text", e.reasons().toArray()));
    insert.setLong(p + 14, e.latencyMicros());
    return p + INSERT_PARAMETERS;
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

  /**
   * Deletes the oldest rows, up to the first decided less than {@code days} days ago, of the audit and
   * of its dead letters; the hash chains keep the last deleted row's hash, so the rest still verifies.
   * Returns how many rows went.
   */
  public long deleteOlderThan(int days) {
    Instant cutoff = Instant.now().minus(Duration.ofDays(days));
    return chains.prune(CHAIN, cutoff) + chains.prune(DEAD_LETTER_CHAIN, cutoff) + chains.prune(TRACE_CHAIN, cutoff);
  }

  void stop(@Observes ShutdownEvent event) throws InterruptedException {
    stopping = true;
    writer.join(10_000);
  }
}
