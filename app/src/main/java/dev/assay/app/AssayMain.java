package dev.assay.app;

import dev.assay.app.cli.AssayCli;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * One artifact, two modes: {@code serve} runs the HTTP server (UI, REST, workers by role); every
 * other command runs once and exits, without opening the HTTP port (so it works beside a running
 * server). {@code worker} runs until stopped and only trains.
 */
@QuarkusMain
public class AssayMain {
  public static void main(String... given) {
    // Without arguments the artifact serves, as a server image is expected to.
    String[] args = given.length == 0 ? new String[] {"serve"} : given;
    String command = args[0];
    if (!"serve".equals(command)) {
      // Commands run beside a server: no HTTP port, and no scoring of their own.
      System.setProperty("quarkus.http.host-enabled", "false");
      System.setProperty("assay.roles.scorer", "false");
      if (!"worker".equals(command)) {
        // One-shot commands must not take training runs off the queue or relay events in the background.
        System.setProperty("assay.roles.trainer", "false");
        System.setProperty("quarkus.scheduler.enabled", "false");
        System.setProperty("quarkus.banner.enabled", "false");
        System.setProperty("quarkus.log.console.level", System.getProperty("quarkus.log.console.level", "WARN"));
      }
    }
    Quarkus.run(AssayCli.class, args);
  }
}
