package dev.assay.app.cli;

import java.util.Arrays;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * A command line and the arguments it parses. When the first argument names a subcommand of
 * {@link AssayCommand}, only that subcommand's tree is built (named {@code assay <name>}, so messages
 * and usage read as before): building picocli's model of every command costs a short command about a
 * fifth of a second of CPU. Anything else (top-level help, an unknown command) gets the whole tree.
 */
public record Invocation(CommandLine commandLine, String[] args) {

  public static Invocation of(CommandLine.IFactory factory, String... args) {
    Optional<Class<?>> named = args.length == 0 ? Optional.empty() : subcommand(args[0]);
    CommandLine commandLine = named
        .map(type -> new CommandLine(type, factory).setCommandName("assay " + args[0]))
        .orElseGet(() -> new CommandLine(AssayCommand.class, factory));
    return new Invocation(OneLineErrors.install(commandLine),
        named.isPresent() ? Arrays.copyOfRange(args, 1, args.length) : args);
  }

  public int execute() {
    return commandLine.execute(args);
  }

  /** The subcommand of {@link AssayCommand} called {@code name}, read from the annotations alone. */
  private static Optional<Class<?>> subcommand(String name) {
    return Arrays.stream(AssayCommand.class.getAnnotation(Command.class).subcommands())
        .filter(type -> {
          Command command = type.getAnnotation(Command.class);
          return command != null && (command.name().equals(name) || Arrays.asList(command.aliases()).contains(name));
        })
        .findFirst();
  }
}
