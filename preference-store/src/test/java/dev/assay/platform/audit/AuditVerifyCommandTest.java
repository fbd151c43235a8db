package dev.assay.platform.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.platform.identity.IdentityService;
import dev.assay.platform.identity.Roles;
import dev.assay.testing.Superuser;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code assay audit verify} as the app's top command runs it: exit 0 when intact, 1 naming the row when not. */
@QuarkusTest
class AuditVerifyCommandTest {
  @Inject AuditChains chains;
  @Inject IdentityService identities;
  @Inject AdminAudit audit;

  @Test
  void verifyExitsZeroOnAnIntactTrailAndOneNamingTheRowDeletedBehindTheApplicationsBack() throws SQLException {
    String user = "verified-" + UUID.randomUUID().toString().substring(0, 8);
    identities.createUser(user, "a-long-password", List.of(Roles.RATER));
    identities.setRoles(user, List.of(Roles.RESEARCHER));
    List<AdminAudit.Entry> rows = audit.page(new AdminAudit.Filter(null, null, "user:" + user, null, null), 0, 10)
        .items();
    long created = rows.getLast().id();
    long changed = rows.getFirst().id();

    StringWriter intact = new StringWriter();
    assertThat(verify(intact)).as(intact.toString()).isZero();
    assertThat(intact.toString()).contains("admin: intact (");

    String kept = "admin_audit_removed_" + created;
    Superuser.executeBehindTheTriggers("CREATE TABLE " + kept + " AS SELECT * FROM admin_audit WHERE id = " + created,
        "DELETE FROM admin_audit WHERE id = " + created);
    StringWriter broken = new StringWriter();
    try {
      assertThat(verify(broken)).isEqualTo(1);
      assertThat(broken.toString()).contains("admin: BROKEN").contains("row " + changed + " does not chain");
    } finally {
      Superuser.executeBehindTheTriggers("INSERT INTO admin_audit SELECT * FROM " + kept, "DROP TABLE " + kept);
    }
  }

  private int verify(StringWriter out) {
    CommandLine command = new CommandLine(new AuditCommand.Verify(chains));
    command.setOut(new PrintWriter(out));
    return command.execute();
  }
}
