package dev.assay.app.cli;

import io.quarkus.arc.Arc;
import io.quarkus.arc.InstanceHandle;
import io.quarkus.runtime.QuarkusApplication;
import picocli.CommandLine;

/** Runs the command line inside the started Quarkus application, commands resolved as CDI beans. */
public class AssayCli implements QuarkusApplication {
  @Override
  public int run(String... args) {
    return Invocation.of(new CdiFactory(), args).execute();
  }

  /** Commands are CDI beans when they are known to Arc, plain objects otherwise (picocli's own). */
  static final class CdiFactory implements CommandLine.IFactory {
    private final CommandLine.IFactory fallback = CommandLine.defaultFactory();

    @Override
    public <K> K create(Class<K> type) throws Exception {
      InstanceHandle<K> handle = Arc.container().instance(type);
      return handle.isAvailable() ? handle.get() : fallback.create(type);
    }
  }
}
