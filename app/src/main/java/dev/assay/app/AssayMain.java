package dev.assay.app;

import dev.assay.app.cli.AssayCli;
import dev.assay.app.cli.CommandServer;
import dev.assay.app.cli.OneLineErrors;
import dev.assay.app.cli.PlainCommandLine;
import dev.assay.platform.cli.Need;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.net.SocketException;

/**
 * One artifact, two modes: {@code serve} runs the HTTP server (UI, REST, workers by role); every
 * other command runs once and exits, without opening the HTTP port (so it works beside a running
 * server). {@code worker} runs until stopped and only trains.
 *
 * <p>One-shot commands print their results on stdout and nothing but their own messages on stderr: the
 * framework's console log is off unless asked for ({@code -Dquarkus.log.console.level=INFO}) and goes to
 * stderr. What a command needs decides what starts ({@link dev.assay.platform.cli.Needs}): commands that
 * read only files (e.g. {@code eval}, {@code train --data FILE}, {@code suite build}), help and usage errors run without the
 * application at all; the others start it without HTTP, message consumers or background duties. The
 * internal command {@code command-server} starts the application that way once and runs many commands
 * in it ({@link CommandServer}).
 */
@QuarkusMain
public class AssayMain {
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
    boolean commandServer = CommandServer.COMMAND.equals(command);
    if (!commandServer) {
      PlainCommandLine plain = new PlainCommandLine(args);
      if (plain.needs() == Need.FILES) {
        System.exit(plain.execute());
      }
    }
    // One-shot commands must not take training runs or escalations off the queues, relay events, resume
    // jobs or listen for changes in the background: the server does that.
    System.setProperty("assay.roles.trainer", "false");
    System.setProperty("assay.roles.background", "false");
    System.setProperty("quarkus.scheduler.enabled", "false");
    System.setProperty("quarkus.banner.enabled", "false");
    System.setProperty("quarkus.log.console.stderr", "true");
    setDefault("quarkus.log.console.level", "OFF");
    // A failure to start (database down, say) is reported in one line below, not as a logged stack trace.
    setDefault("quarkus.log.category.\"io.quarkus.runtime.Application\".level", "OFF");
    // the command server starts as a one-shot command does, then runs many (see CommandServer)
    Quarkus.run(commandServer ? CommandServer.class : AssayCli.class, (exitCode, failure) -> {
      if (failure != null) {
        System.err.println("assay " + command + ": cannot start: " + OneLineErrors.describe(rootCause(failure)));
      }
      System.exit(exitCode);
    }, args);
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
