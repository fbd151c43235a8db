package dev.assay.guardrail.monitoring;

import dev.assay.guardrail.monitoring.window.MonitoringWindows;
import dev.assay.testing.TestClock;
import io.agroal.api.AgroalDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;

/** Moves the test clock by whole monitoring windows. */
public final class MonitoringClock {
  private MonitoringClock() {}

  /**
   * Moves the clock a day past every window stored so far (earlier runs replayed days ahead of real time), to one
   * second after a window starts, so a test's windows are its own and a few seconds of checks stay in one window.
   */
  public static Instant startFreshWindow(TestClock clock, MonitoringWindows windows, AgroalDataSource dataSource)
      throws SQLException {
    Instant latest;
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SELECT max(window_start) FROM guardrail_monitoring_window")) {
      row.next();
      Timestamp stored = row.getTimestamp(1);
      latest = stored == null ? clock.instant() : stored.toInstant();
    }
    Instant now = clock.instant();
    if (latest.isAfter(now)) {
      clock.advance(Duration.between(now, latest));
    }
    clock.advance(Duration.ofDays(1));
    now = clock.instant();
    clock.advance(Duration.between(now, windows.windowStart(now).plus(windows.length())).plusSeconds(1));
    return windows.windowStart(clock.instant());
  }
}
