package dev.assay.platform.problem.api;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.transaction.RollbackException;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import javax.transaction.xa.XAException;
import org.junit.jupiter.api.Test;

class ProblemMappersTest {
  private final ProblemMappers mappers = new ProblemMappers();

  @Test
  void aCommitCutOffByADatabaseRestartIsAnswered503WithRetryAfter() {
    // As Narayana reports it: the driver's error hangs off the XAException suppressed by the rollback.
    XAException commitFailed = new XAException("Error trying to transactionCommit local transaction");
    commitFailed.initCause(new SQLException("FATAL: terminating connection due to administrator command", "57P01"));
    RollbackException rolledBack = new RollbackException("ARJUNA016053: Could not commit transaction.");
    rolledBack.addSuppressed(commitFailed);

    Response response = mappers.unexpected(new IllegalStateException(rolledBack));

    assertThat(response.getStatus()).isEqualTo(503);
    assertThat(response.getHeaderString("Retry-After")).isEqualTo("2");
  }

  @Test
  void aRollbackForAnyOtherReasonStaysAnUnexpectedFailure() {
    RollbackException rolledBack = new RollbackException("ARJUNA016053: Could not commit transaction.");
    rolledBack.addSuppressed(new SQLException("duplicate key value violates unique constraint", "23505"));

    assertThat(mappers.unexpected(new IllegalStateException(rolledBack)).getStatus()).isEqualTo(500);
  }
}
