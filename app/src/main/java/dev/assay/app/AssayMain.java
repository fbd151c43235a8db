package dev.assay.app;

import dev.assay.app.cli.AssayCli;
import dev.assay.app.cli.AssayCommand;
import dev.assay.app.cli.OneLineErrors;
import dev.assay.guardrail.suite.cli.SuiteCommand;
import dev.assay.trainer.cli.FileCommands;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.lang.reflect.Constructor;
import java.net.SocketException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;

/**
 * One artifact, two modes: {@code serve} runs the HTTP server (UI, REST, workers by role); every
 * other command runs once and exits, without opening the HTTP port (so it works beside a running
 * server). {@code worker} runs until stopped and only trains.
 *
 * <p>One-shot commands print their results on stdout and nothing but their own messages on stderr: the
 * framework's console log is off unless asked for ({@code -Dquarkus.log.console.level=INFO}) and goes to
 * stderr. Commands that read only files ({@code eval}, {@code classifier-set}, {@code train --data FILE},
 * {@code suite build}), and help, run without starting the application at all.
 */
@QuarkusMain
public class AssayMain {
  private static final List<String> HELP_OPTIONS = List.of("-h", "--help", "-V", "--version");

  public static void main(String... given) {
    // Without arguments the artifact serves, as a server image is expected to.
    String[] args = given.length == 0 ? new String[] {"serve"} : given;
    String command = args[0];
    if ("serve".equals(command)) {
      Quarkus.run(AssayCli.class, args);
      return;
    }
    // Commands run beside a server: no HTTP port, and no scoring of their own.
    System.setProperty("quarkus.http.host-enabled", "false");
    System.setProperty("assay.roles.scorer", "false");
    if ("worker".equals(command)) {
      Quarkus.run(AssayCli.class, args);
      return;
    }
    if (asksForHelp(args)) {
      System.exit(new CommandLine(AssayCommand.class, new HelpOnly()).execute(args));
    }
    if ("suite".equals(command) && args.length > 1 && "build".equals(args[1])) {
      // suite build reads source files and writes a suite file: nothing to start (the parent command is not
      // built, so its other subcommands' services are never asked for)
      CommandLine build = new CommandLine(new SuiteCommand.Build()).setCommandName("assay suite build");
      System.exit(OneLineErrors.install(build).execute(Arrays.copyOfRange(args, 2, args.length)));
    }
    Optional<Object> withoutApplication = FileCommands.command(args);
    if (withoutApplication.isPresent()) {
      CommandLine commandLine = new CommandLine(withoutApplication.get()).setCommandName("assay " + command);
      System.exit(OneLineErrors.install(commandLine).execute(Arrays.copyOfRange(args, 1, args.length)));
    }
    // One-shot commands must not take training runs off the queue or relay events in the background.
    System.setProperty("assay.roles.trainer", "false");
    System.setProperty("quarkus.scheduler.enabled", "false");
    System.setProperty("quarkus.banner.enabled", "false");
    System.setProperty("quarkus.log.console.stderr", "true");
    setDefault("quarkus.log.console.level", "OFF");
    // A failure to start (database down, say) is reported in one line below, not as a logged stack trace.
    setDefault("quarkus.log.category.\"io.quarkus.runtime.Application\".level", "OFF");
    Quarkus.run(AssayCli.class, (exitCode, failure) -> {
      if (failure != null) {
        System.err.println("assay " + command + ": cannot start: " + OneLineErrors.describe(rootCause(failure)));
      }
      System.exit(exitCode);
    }, args);
  }

  /** Help and version print what the annotations say: no command runs, so nothing needs starting. */
  private static boolean asksForHelp(String... args) {
    return Arrays.stream(args).anyMatch(HELP_OPTIONS::contains);
  }

  /**
   * Commands for printing their help: built without their services (null), which only running them
   * would use.
   */
  private static final class HelpOnly implements CommandLine.IFactory {
    private final CommandLine.IFactory plain = CommandLine.defaultFactory();

    @Override
    public <K> K create(Class<K> type) throws Exception {
      Constructor<?>[] constructors = type.getConstructors();
      if (type.isInterface() || constructors.length == 0 || constructors[0].getParameterCount() == 0) {
        return plain.create(type);
      }
      return type.cast(constructors[0].newInstance(new Object[constructors[0].getParameterCount()]));
    }
  }

  private static void setDefault(String property, String value) {
    System.setProperty(property, System.getProperty(property, value));
  }

  /** The deepest cause, unless that is a bare network error: then its wrapper, which names the server. */
  private static Throwable rootCause(Throwable failure) {
    Throwable wrapper = failure;
    Throwable cause = failure;
    while (cause.getCause() != null && cause.getCause() != cause) {
      wrapper = cause;
      cause = cause.getCause();
    }
    return cause instanceof SocketException ? wrapper : cause;
  }
}
