package dev.assay.platform.identity;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How many failed logins and bad API keys are tolerated before the client is told to wait. */
@ConfigMapping(prefix = "assay.security.throttle")
public interface ThrottleConfig {
  /** Bad bearer tokens from one client address within {@link #bearerWindow()}. */
  @WithDefault("20")
  int bearerFailuresPerAddress();

  @WithDefault("1m")
  Duration bearerWindow();

  /** Failed logins for one user name (from anywhere) within {@link #loginWindow()}. */
  @WithDefault("5")
  int loginFailuresPerUser();

  /** Failed logins from one client address (for any user name) within {@link #loginWindow()}. */
  @WithDefault("20")
  int loginFailuresPerAddress();

  @WithDefault("5m")
  Duration loginWindow();
}
