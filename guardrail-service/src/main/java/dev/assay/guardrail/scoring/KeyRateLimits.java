package dev.assay.guardrail.scoring;

import dev.assay.platform.audit.AdminAudit;
import dev.assay.platform.identity.IdentityService;
import dev.assay.platform.jdbc.Sql;
import dev.assay.platform.problem.ProblemException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Rate limits of single API keys (a mitigation against one client probing the guardrail), stored in
 * {@code guardrail_key_rate_limit}. A request made with such a key is held to the key's own limit instead of
 * its caller's. Each replica rereads the table every {@code assay.scoring.rate-limit.key-refresh-interval}
 * (a limit set here applies here at once), so {@link RateLimiter} never waits for the database.
 */
@ApplicationScoped
public class KeyRateLimits {
  /** A key's limit: sustained requests per second and the bucket's size. */
  public record Limit(long keyId, double requestsPerSecond, int burst, String setBy, Instant setAt) {}

  private final Sql sql;
  private final IdentityService identities;
  private final Clock clock;
  private final AdminAudit audit;
  private volatile Map<Long, Limit> limits = Map.of();

  public KeyRateLimits(Sql sql, IdentityService identities, Clock clock, AdminAudit audit) {
    this.sql = sql;
    this.identities = identities;
    this.clock = clock;
    this.audit = audit;
  }

  /** The key's own limit, if it has one. */
  public Optional<Limit> of(Long keyId) {
    return keyId == null ? Optional.empty() : Optional.ofNullable(limits.get(keyId));
  }

  /**
   * Sets (or replaces) a key's limit in the caller's transaction, audited as {@code key.rate-limit}.
   *
   * @throws ProblemException 404 for an unknown key, 422 naming {@code requestsPerSecond} or {@code burst}
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public Limit set(long keyId, double requestsPerSecond, int burst, String user) {
    if (!(requestsPerSecond > 0) || !Double.isFinite(requestsPerSecond)) {
      throw ProblemException.invalid("requestsPerSecond", "requestsPerSecond must be a number above 0");
    }
    if (burst < 1) {
      throw ProblemException.invalid("burst", "burst must be at least 1");
    }
    identities.key(keyId);
    Instant now = clock.instant();
    sql.update("INSERT INTO guardrail_key_rate_limit (key_id, requests_per_second, burst, set_by, set_at)"
        + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (key_id) DO UPDATE SET requests_per_second = excluded.requests_per_second,"
        + " burst = excluded.burst, set_by = excluded.set_by, set_at = excluded.set_at",
        keyId, requestsPerSecond, burst, user, now);
    audit.record("key.rate-limit", "key:" + keyId, Map.of("requestsPerSecond", requestsPerSecond, "burst", burst));
    Limit limit = new Limit(keyId, requestsPerSecond, burst, user, now);
    Map<Long, Limit> updated = new HashMap<>(limits);
    updated.put(keyId, limit);
    limits = Map.copyOf(updated);
    return limit;
  }

  /** Rereads every key's limit (limits set on other replicas). */
  @Scheduled(every = "${assay.scoring.rate-limit.key-refresh-interval:5s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void reload() {
    List<Limit> all = QuarkusTransaction.requiringNew().call(() -> sql.list(
        "SELECT key_id, requests_per_second, burst, set_by, set_at FROM guardrail_key_rate_limit",
        row -> new Limit(row.getLong("key_id"), row.getDouble("requests_per_second"), row.getInt("burst"),
            row.getString("set_by"), Sql.instant(row, "set_at"))));
    Map<Long, Limit> loaded = new HashMap<>();
    all.forEach(limit -> loaded.put(limit.keyId(), limit));
    limits = Map.copyOf(loaded);
  }
}
