package dev.assay.trainer.cli;

import dev.assay.trainer.TrainerSettings;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;
import picocli.CommandLine;

/**
 * {@code eval}, {@code classifier-set}, and {@code train} on a file, need neither the database nor the broker: they run as plain
 * Java, without starting the application (about a second instead of the server's boot).
 */
public final class FileCommands {
  private FileCommands() {}

  /** The command for these arguments when it can run without the application. */
  public static Optional<Object> command(String... args) {
    if (args.length == 0) {
      return Optional.empty();
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    return switch (args[0]) {
      case "eval" -> {
        EvalCommand eval = new EvalCommand();
        eval.settings = settings();
        yield Optional.of(eval);
      }
      case "train" -> {
        TrainCommand probe = new TrainCommand();
        try {
          new CommandLine(probe).parseArgs(rest);
        } catch (CommandLine.ParameterException e) {
          probe.data = null; // a usage error needs no database either
        }
        if (!probe.readsAFile()) {
          yield Optional.empty(); // a snapshot id: read from the database by the application
        }
        TrainCommand train = new TrainCommand();
        train.settings = settings();
        yield Optional.of(train);
      }
      case "classifier-set" -> Optional.of(new ClassifierSetCommand());
      default -> Optional.empty();
    };
  }

  /** The same settings the application reads (system properties, environment, the module's defaults). */
  private static TrainerSettings settings() {
    Path dataDir = Path.of(ConfigProvider.getConfig().getOptionalValue("assay.trainer.data-dir", String.class)
        .orElse(".assay/data"));
    String featurizer = ConfigProvider.getConfig().getOptionalValue("assay.trainer.default-featurizer", String.class)
        .orElse("hashed");
    MemorySize maxRunMemory = new MemorySizeConverter().convert(ConfigProvider.getConfig()
        .getOptionalValue("assay.trainer.max-run-memory", String.class).orElse("1G"));
    int maxAttempts = ConfigProvider.getConfig().getOptionalValue("assay.trainer.max-attempts", Integer.class).orElse(3);
    return new FixedSettings(dataDir, featurizer, maxRunMemory, maxAttempts);
  }

  private record FixedSettings(Path dataDir, String defaultFeaturizer, MemorySize maxRunMemory, int maxAttempts)
      implements TrainerSettings {}
}
