package dev.assay.app;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * The test database as integration tests see it: over JDBC, since they run outside the application and
 * have none of its beans.
 */
final class ItDatabase {
  private ItDatabase() {}

  static Connection connect() throws SQLException {
    String url = System.getenv().getOrDefault("ASSAY_TEST_DB_URL", "jdbc:postgresql://127.0.0.1:5432/assay_test");
    return DriverManager.getConnection(url, "assay", "assay");
  }

  /** A user and an API key straight in the database (the first key has to come from somewhere). */
  static String apiKey(String role) throws Exception {
    String name = role + "-" + UUID.randomUUID().toString().substring(0, 8);
    String prefix = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    String key = "assay_" + prefix + "_" + UUID.randomUUID().toString().replace("-", "");
    try (Connection connection = connect()) {
      try (PreparedStatement user = connection.prepareStatement(
          "INSERT INTO app_user (username, password_hash, roles) VALUES (?, 'not-a-login', ARRAY[?])")) {
        user.setString(1, name);
        user.setString(2, role);
        user.executeUpdate();
      }
      try (PreparedStatement apiKey = connection.prepareStatement(
          "INSERT INTO api_key (key_prefix, secret_hash, role, owner) VALUES (?, ?, ?, ?)")) {
        apiKey.setString(1, prefix);
        apiKey.setString(2, HexFormat.of().formatHex(
            MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8))));
        apiKey.setString(3, role);
        apiKey.setString(4, name);
        apiKey.executeUpdate();
      }
    }
    return key;
  }
}
