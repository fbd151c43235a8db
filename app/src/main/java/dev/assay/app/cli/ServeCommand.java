package dev.assay.app.cli;

import dev.assay.app.bootstrap.Bootstrap;
import io.quarkus.arc.Unremovable;
import io.quarkus.runtime.Quarkus;
import jakarta.enterprise.context.Dependent;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the server: first admin and demo data on an empty database, then serves until stopped. */
@Dependent
@Unremovable
@Command(name = "serve", description = "Run the HTTP server (UI, REST API and the roles configured)")
public class ServeCommand implements Callable<Integer> {
  private final Bootstrap bootstrap;

  @Option(names = "--demo-data", description = "Also load the preference files in this directory (e.g. ../shared/data)")
  Path demoData;

  public ServeCommand(Bootstrap bootstrap) {
    this.bootstrap = bootstrap;
  }

  @Override
  public Integer call() {
    bootstrap.run(demoData);
    Quarkus.waitForExit();
    return 0;
  }
}
