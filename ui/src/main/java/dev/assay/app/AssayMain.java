package dev.assay.app;

import dev.assay.app.cli.AssayCli;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * One artifact, two modes: {@code serve} runs the HTTP server (UI, REST, workers by role); every
 * other command runs once and exits, without opening the HTTP port (so it works beside a running
 * server).
 */
@QuarkusMain
public class AssayMain {
  public static void main(String... args) {
    boolean serve = args.length > 0 && "serve".equals(args[0]);
    if (!serve) {
      System.setProperty("quarkus.http.host-enabled", "false");
      System.setProperty("quarkus.scheduler.enabled", "false");
      System.setProperty("quarkus.banner.enabled", "false");
      System.setProperty("quarkus.log.console.level", System.getProperty("quarkus.log.console.level", "WARN"));
    }
    Quarkus.run(AssayCli.class, args);
  }
}
