package dev.assay.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The test database as its superuser sees it (trust authentication on 127.0.0.1): for tests that
 * play someone going around the application, e.g. editing an audit row with the triggers off.
 */
public final class Superuser {
  private Superuser() {}

  /** Runs statements as the superuser with triggers off ({@code session_replication_role = replica}). */
  public static void executeBehindTheTriggers(String... statements) throws SQLException {
    String url = ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class);
    try (Connection connection = DriverManager.getConnection(url, "postgres", "");
        Statement statement = connection.createStatement()) {
      statement.execute("SET session_replication_role = replica");
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }
}
