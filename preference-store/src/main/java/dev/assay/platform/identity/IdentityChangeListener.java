package dev.assay.platform.identity;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Listens for the database's {@code assay_identity} notifications (sent at commit by triggers on users and
 * keys) and drops the named user from this replica's caches, so a revocation, role change or
 * deactivation made anywhere takes effect here at once rather than when the cache entry expires.
 *
 * <p>One connection of its own, outside the pool: a LISTEN must stay open on one session. While it is
 * down, notifications are lost, so every reconnect drops the whole cache.
 */
@ApplicationScoped
public class IdentityChangeListener {
  private static final Logger LOG = Logger.getLogger(IdentityChangeListener.class);
  static final String CHANNEL = "assay_identity";

  private final IdentityService identities;
  private final String url;
  private final String user;
  private final String password;
  private volatile boolean running = true;
  private Thread thread;

  public IdentityChangeListener(
      IdentityService identities,
      @ConfigProperty(name = "quarkus.datasource.jdbc.url") String url,
      @ConfigProperty(name = "quarkus.datasource.username") String user,
      @ConfigProperty(name = "quarkus.datasource.password") String password) {
    this.identities = identities;
    this.url = url;
    this.user = user;
    this.password = password;
  }

  void start(@Observes StartupEvent event, @ConfigProperty(name = "assay.roles.background") boolean background) {
    if (!background) {
      return; // a one-shot command's caches live shorter than any change it could miss
    }
    thread = Thread.ofPlatform().daemon().name("identity-changes").start(this::listen);
  }

  void stop(@Observes ShutdownEvent event) {
    running = false;
    if (thread != null) {
      thread.interrupt();
    }
  }

  private void listen() {
    while (running) {
      try (Connection connection = DriverManager.getConnection(url, user, password)) {
        try (Statement statement = connection.createStatement()) {
          statement.execute("LISTEN " + CHANNEL);
        }
        identities.forgetAllCached();
        PGConnection pg = connection.unwrap(PGConnection.class);
        while (running) {
          PGNotification[] notifications = pg.getNotifications(1_000);
          if (notifications != null) {
            for (PGNotification notification : notifications) {
              identities.forgetCachedStateOf(notification.getParameter());
            }
          }
        }
      } catch (SQLException e) {
        if (running) {
          LOG.warnf("Identity change notifications interrupted (%s); reconnecting", e.getMessage());
          identities.forgetAllCached();
          pause();
        }
      }
    }
  }

  private void pause() {
    try {
      Thread.sleep(1_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }
}
