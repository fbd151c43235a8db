package dev.assay.app.cli;

import io.quarkus.arc.Unremovable;
import io.quarkus.runtime.Quarkus;
import jakarta.enterprise.context.Dependent;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** A training worker: takes runs from the RabbitMQ work queue, one at a time, until stopped. */
@Dependent
@Unremovable
@Command(name = "worker", description = "Run a training worker (no HTTP server) until stopped")
public class WorkerCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println("Assay training worker started; waiting for training runs (Ctrl+C to stop)");
    Quarkus.waitForExit();
    return 0;
  }
}
