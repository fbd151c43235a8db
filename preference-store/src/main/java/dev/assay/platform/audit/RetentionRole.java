package dev.assay.platform.audit;

import io.smallrye.config.ConfigMapping;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Connections as the database role that audit retention runs under ({@code assay_retention}, created by
 * the setup script; migration {@code audit_retention_role}). It logs in on its own, with its own
 * password, rather than being a role the application's role may {@code SET ROLE} to: membership would
 * let any statement sent through the application's connections delete audit rows too. One connection
 * per retention run, no pool: retention runs hourly.
 */
@ApplicationScoped
public class RetentionRole {
  private static final Logger LOG = Logger.getLogger(RetentionRole.class);

  /** The login of the retention role. */
  @ConfigMapping(prefix = "assay.audit.retention")
  public interface Config {
    /** The role's password; the setup script creates the role with the same one. */
    String dbPassword();
  }

  static final String ROLE = "assay_retention";

  private final PGSimpleDataSource login = new PGSimpleDataSource();
  private final AtomicBoolean disabledReported = new AtomicBoolean();

  public RetentionRole(Config config, @ConfigProperty(name = "quarkus.datasource.jdbc.url") String databaseUrl) {
    login.setURL(databaseUrl);
    login.setUser(ROLE);
    login.setPassword(config.dbPassword());
  }

  /**
   * A connection as the retention role, or empty when it cannot log in (no role: the setup script had
   * no superuser access); that is logged once, with how to turn retention on.
   */
  public Optional<Connection> connect() {
    try {
      Connection connection = login.getConnection();
      disabledReported.set(false);
      return Optional.of(connection);
    } catch (SQLException e) {
      if (disabledReported.compareAndSet(false, true)) {
        LOG.warnf("Audit retention is disabled: the database role %s cannot log in (%s). Create it as the"
            + " README's \"Audit retention\" says (./assay up does when it has superuser access).", ROLE,
            e.getMessage());
      }
      return Optional.empty();
    }
  }
}
