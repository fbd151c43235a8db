package dev.assay.app.cli;

import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.CompletionException;
import org.jboss.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * A failed command says what went wrong in one line on stderr (e.g. the file, line and reason of a bad
 * record) and exits with 1; the stack trace goes to the log at DEBUG, for whoever turns it on.
 */
public final class OneLineErrors implements CommandLine.IExecutionExceptionHandler {
  private static final Logger LOG = Logger.getLogger(OneLineErrors.class);

  /** A command line with this handler. */
  public static CommandLine install(CommandLine commandLine) {
    return commandLine.setExecutionExceptionHandler(new OneLineErrors());
  }

  @Override
  public int handleExecutionException(Exception e, CommandLine commandLine, ParseResult parsed) {
    LOG.debug("command failed", e);
    commandLine.getErr().println(commandLine.getCommandSpec().qualifiedName() + ": " + describe(e));
    commandLine.getErr().flush();
    return 1;
  }

  /** The first line of the most telling message of {@code failure}. */
  public static String describe(Throwable failure) {
    Throwable e = failure;
    while ((e instanceof UncheckedIOException || e instanceof CompletionException) && e.getCause() != null) {
      e = e.getCause();
    }
    String message = switch (e) {
      case NoSuchFileException missing -> "no such file: " + missing.getFile();
      case AccessDeniedException denied -> "permission denied: " + denied.getFile();
      default -> e.getMessage();
    };
    if (message == null || message.isBlank()) {
      message = e.getClass().getSimpleName();
    }
    return message.strip().lines().findFirst().orElse(message);
  }
}
