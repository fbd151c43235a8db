package dev.assay.guardrail.audit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.platform.identity.Roles;
import dev.assay.testing.Superuser;
import dev.assay.testing.TestIdentities;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The guardrail audit as a trail: the application can only append to it, retention prunes it without
 * breaking its hash chain, a row changed behind the application's back is found, and a row the
 * database refuses is kept aside with its reason instead of holding up the rows queued with it.
 */
@QuarkusTest
class GuardrailAuditTrailTest {
  @Inject AuditLog audit;
  @Inject AgroalDataSource dataSource;

  final String admin = TestIdentities.bearer(Roles.ADMIN);

  @Test
  void theApplicationCannotChangeOrRemoveAuditRowsButRetentionPrunesTheOldestAndTheChainStillVerifies()
      throws Exception {
    audit.record(entry("append-only", null));
    assertRefused("UPDATE guardrail_audit SET decision = 'allow'");
    assertRefused("DELETE FROM guardrail_audit");
    assertRefused("TRUNCATE guardrail_audit");
    assertRefused("TRUNCATE guardrail_audit_dead_letter");

    audit.deleteOlderThan(0);
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
      statement.executeUpdate("INSERT INTO guardrail_audit (trace_id, decided_at, caller, policy_name, policy_version,"
          + " prompt_hash, response_hash, threshold, decision, latency_us) VALUES (gen_random_uuid(),"
          + " now() - interval '40 days', 'old', 'retention-test', 1, repeat('a', 64), repeat('b', 64), 0, 'allow', 1),"
          + " (gen_random_uuid(), now() - interval '1 day', 'new', 'retention-test', 1, repeat('a', 64),"
          + " repeat('b', 64), 0, 'allow', 1)");
    }
    assertThat(audit.deleteOlderThan(30)).isEqualTo(1);

    assertThat(given().header("Authorization", admin).queryParam("policy", "retention-test")
        .get("/api/v1/guardrail/audit").then().statusCode(200).extract().jsonPath().getList("items.caller"))
        .containsExactly("new");
    Map<String, Object> chain = chain("guardrail");
    assertThat(chain).containsEntry("intact", true);
    assertThat(((Number) chain.get("pruned")).longValue()).isPositive();
  }

  @Test
  void verifyReportsTheDecisionChangedBehindTheApplicationsBack() throws Exception {
    AuditEntry entry = entry("tampered", null);
    audit.record(entry);
    audit.record(entry("after-the-tampered-one", null));
    long id = auditId(entry.traceId());
    assertThat(chain("guardrail")).containsEntry("intact", true);

    Superuser.executeBehindTheTriggers("UPDATE guardrail_audit SET decision = 'allow' WHERE id = " + id);
    try {
      Map<String, Object> broken = chain("guardrail");
      assertThat(broken).containsEntry("intact", false);
      assertThat(((Number) broken.get("broken_at")).longValue()).isEqualTo(id);
    } finally {
      Superuser.executeBehindTheTriggers("UPDATE guardrail_audit SET decision = 'block' WHERE id = " + id);
    }
    assertThat(chain("guardrail")).containsEntry("intact", true);
  }

  @Test
  void aRowTheDatabaseRefusesIsDeadLetteredWithItsReasonAndTheRowsQueuedWithItAreWritten() throws Exception {
    List<AuditEntry> good = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      good.add(entry("good-" + i, "fine text"));
    }
    AuditEntry bad = entry("bad", "a NUL \u0000 PostgreSQL refuses in text");
    List<AuditEntry> all = new ArrayList<>(good);
    all.add(15, bad);
    recordAtOnce(all);

    long deadline = System.currentTimeMillis() + 10_000;
    while (longOf("SELECT count(*) FROM guardrail_audit WHERE caller LIKE 'good-%' AND trace_id = ANY(?)", good)
        < good.size() && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    assertThat(longOf("SELECT count(*) FROM guardrail_audit WHERE trace_id = ANY(?)", good)).isEqualTo(good.size());
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select = connection.prepareStatement(
            "SELECT reason, convert_from(entry, 'UTF8') FROM guardrail_audit_dead_letter WHERE trace_id = ?")) {
      select.setObject(1, bad.traceId());
      try (ResultSet row = select.executeQuery()) {
        assertThat(row.next()).as("the refused row is dead-lettered").isTrue();
        assertThat(row.getString(1)).contains("0x00");
        assertThat(row.getString(2)).contains("\"caller\":\"bad\"");
      }
    }
    assertThat(chain("guardrail-dead-letter")).containsEntry("intact", true);
    assertThat(chain("guardrail")).as("the rows written one by one after the batch failed").containsEntry("intact", true);
  }

  @Test
  void decisionsWrittenTogetherAreChainedRowByRowSoARemovedOrAnAddedRowIsFound() throws Exception {
    List<AuditEntry> together = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      together.add(entry("together-" + i, null));
    }
    recordAtOnce(together);
    assertThat(chain("guardrail")).containsEntry("intact", true);
    assertThat(chain("guardrail-trace")).containsEntry("intact", true);

    long removed = longOf("SELECT id FROM guardrail_audit WHERE trace_id = ANY(?) ORDER BY id OFFSET 10 LIMIT 1",
        together);
    Superuser.executeBehindTheTriggers(
        "CREATE TABLE removed_audit_row AS SELECT * FROM guardrail_audit WHERE id = " + removed,
        "DELETE FROM guardrail_audit WHERE id = " + removed);
    try {
      Map<String, Object> broken = chain("guardrail");
      assertThat(broken).containsEntry("intact", false);
      assertThat(((Number) broken.get("broken_at")).longValue()).isGreaterThan(removed);
    } finally {
      Superuser.executeBehindTheTriggers("INSERT INTO guardrail_audit SELECT * FROM removed_audit_row",
          "DROP TABLE removed_audit_row");
    }
    assertThat(chain("guardrail")).containsEntry("intact", true);

    // A row added behind the application's back, chained correctly to the newest one: only the head shows it.
    Superuser.executeBehindTheTriggers(
        "CREATE TABLE added_audit_row AS SELECT * FROM guardrail_audit ORDER BY id DESC LIMIT 1",
        "UPDATE added_audit_row SET id = id + 1000000, trace_id = gen_random_uuid(), prev_hash = hash",
        "UPDATE added_audit_row a SET hash = audit_row_hash(a.prev_hash, a)",
        "INSERT INTO guardrail_audit SELECT * FROM added_audit_row");
    try {
      assertThat(chain("guardrail")).containsEntry("intact", false);
    } finally {
      Superuser.executeBehindTheTriggers(
          "DELETE FROM guardrail_audit WHERE id = (SELECT id FROM added_audit_row)", "DROP TABLE added_audit_row");
    }
    assertThat(chain("guardrail")).containsEntry("intact", true);
  }

  /** Records the entries from as many threads, so the audit writer takes them as few batches. */
  private void recordAtOnce(List<AuditEntry> entries) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(entries.size());
    try {
      List<Future<?>> calls = new ArrayList<>();
      for (AuditEntry e : entries) {
        calls.add(pool.submit(() -> audit.record(e)));
      }
      for (Future<?> call : calls) {
        call.get(20, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static AuditEntry entry(String caller, String text) {
    return new AuditEntry(UUID.randomUUID(), Instant.now(), caller, "audit-trail", 1, "m-1", "a".repeat(64),
        "b".repeat(64), text, text, 0.5, 0.0, "block", List.of("reward score below the threshold"), 10,
        "[{\"stage\":\"output\",\"check\":\"reward\",\"verdict\":\"hit\"}]");
  }

  private long auditId(UUID traceId) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select = connection.prepareStatement("SELECT id FROM guardrail_audit WHERE trace_id = ?")) {
      select.setObject(1, traceId);
      try (ResultSet row = select.executeQuery()) {
        assertThat(row.next()).as("decision %s is audited", traceId).isTrue();
        return row.getLong(1);
      }
    }
  }

  /** The first column of the first row of a query over the entries' trace ids. */
  private long longOf(String sql, List<AuditEntry> entries) throws SQLException {
    try (Connection connection = dataSource.getConnection(); PreparedStatement select = connection.prepareStatement(sql)) {
      select.setArray(1, connection.createArrayOf("uuid", entries.stream().map(AuditEntry::traceId).toArray()));
      try (ResultSet row = select.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    }
  }

  private Map<String, Object> chain(String name) {
    List<Map<String, Object>> reports = given().header("Authorization", admin).get("/api/v1/admin/audit/verify")
        .then().statusCode(200).extract().jsonPath().getList("");
    return reports.stream().filter(r -> name.equals(r.get("chain"))).findFirst().orElseThrow();
  }

  private void assertRefused(String sql) {
    assertThatThrownBy(() -> {
      try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
        statement.execute(sql);
      }
    }).as(sql).isInstanceOf(SQLException.class)
        .hasMessageFindingMatch("append-only|permission denied");
  }
}
