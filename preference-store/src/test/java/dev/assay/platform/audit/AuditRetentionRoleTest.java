package dev.assay.platform.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Retention is the only way audit rows go, and it runs as a role of its own: the application's role
 * cannot delete or update them even with retention's switch set in its session, while the retention
 * role deletes the rows older than the cutoff and leaves a chain that still verifies.
 */
@QuarkusTest
class AuditRetentionRoleTest {
  @Inject AgroalDataSource dataSource;
  @Inject AuditChains chains;

  @ConfigProperty(name = "quarkus.datasource.jdbc.url") String databaseUrl;

  @Test
  void theApplicationsRoleCannotDeleteOrUpdateAuditRowsOrMoveTheAnchorEvenWithRetentionsSwitchOn()
      throws SQLException {
    execute("INSERT INTO admin_audit (actor, action, target) VALUES ('someone', 'test.retention', 'refused')");
    assertRefusedWithTheSwitchOn("DELETE FROM admin_audit");
    assertRefusedWithTheSwitchOn("UPDATE admin_audit SET actor = 'someone else'");
    assertRefusedWithTheSwitchOn("UPDATE audit_chain SET anchor_id = head_id, anchor_hash = head_hash");
    assertRefusedWithTheSwitchOn("SELECT audit_chain_prune('admin', now())");
  }

  @Test
  void retentionDeletesTheRowsOlderThanTheCutoffAsItsOwnRoleAndTheChainStillVerifies() throws SQLException {
    assumeTrue(retentionRoleExists(), "the database role assay_retention does not exist: create it as the README's"
        + " \"Audit retention\" says (./assay test does with superuser access)");
    chains.prune("admin", Instant.now());
    String marker = "retention-" + UUID.randomUUID().toString().substring(0, 8);
    execute("INSERT INTO admin_audit (at, actor, action, target) VALUES"
        + " (now() - interval '40 days', 'old', 'test.retention', '" + marker + "'),"
        + " (now() - interval '31 days', 'old', 'test.retention', '" + marker + "'),"
        + " (now() - interval '1 day', 'recent', 'test.retention', '" + marker + "')");
    long prunedBefore = report().pruned();

    long deleted = chains.prune("admin", Instant.now().minus(Duration.ofDays(30)));

    assertThat(deleted).isEqualTo(2);
    assertThat(count("SELECT count(*) FROM admin_audit WHERE target = '" + marker + "'")).isEqualTo(1);
    AuditChains.Report report = report();
    assertThat(report.intact()).as(report.problem()).isTrue();
    assertThat(report.pruned()).isEqualTo(prunedBefore + 2);
  }

  @Test
  void whenTheRetentionRoleCannotLogInRetentionDeletesNothing() throws SQLException {
    execute("INSERT INTO admin_audit (at, actor, action, target) VALUES"
        + " (now() - interval '40 days', 'old', 'test.retention', 'kept')");
    long rows = count("SELECT count(*) FROM admin_audit");
    // the test server trusts local logins whatever the password, so the login fails on the database
    String noSuchDatabase = databaseUrl.replaceFirst("/[^/?]+(\\?|$)", "/no_such_database$1");
    AuditChains withoutLogin = new AuditChains(dataSource, new RetentionRole(() -> "assay-retention", noSuchDatabase));

    assertThat(withoutLogin.prune("admin", Instant.now())).isZero();
    assertThat(count("SELECT count(*) FROM admin_audit")).isEqualTo(rows);
  }

  private AuditChains.Report report() {
    return chains.verify().stream().filter(r -> r.chain().equals("admin")).findFirst().orElseThrow();
  }

  private boolean retentionRoleExists() throws SQLException {
    return count("SELECT count(*) FROM pg_roles WHERE rolname = 'assay_retention'") == 1;
  }

  private void execute(String sql) throws SQLException {
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private long count(String sql) throws SQLException {
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery(sql)) {
      row.next();
      return row.getLong(1);
    }
  }

  private void assertRefusedWithTheSwitchOn(String sql) {
    assertThatThrownBy(() -> {
      try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
        statement.execute("SET assay.audit_retention = 'on'");
        try {
          statement.execute(sql);
        } finally {
          statement.execute("RESET assay.audit_retention");
        }
      }
    }).as(sql).isInstanceOf(SQLException.class).hasMessageFindingMatch("append-only|permission denied");
  }
}
