package dev.assay.app.cli;

import dev.assay.platform.cli.Need;
import dev.assay.platform.cli.Needs;
import dev.assay.platform.cli.NeedsFromArguments;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.SmallRyeConfigBuilder;
import jakarta.inject.Inject;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The command line without the application: parses the arguments, says what the chosen command needs
 * ({@link Needs}), and runs the commands that need only files, help and usage errors, as plain Java.
 */
public final class PlainCommandLine {
  private final Invocation invocation;

  public PlainCommandLine(String... args) {
    this.invocation = Invocation.of(new WithoutServices(), args);
  }

  /**
   * What running {@code args} needs: {@link Need#FILES} for help, version, a usage error and a command
   * group without its subcommand (picocli answers those from the annotations), else what the chosen
   * command declares.
   */
  public Need needs() {
    ParseResult parsed;
    try {
      parsed = invocation.commandLine().parseArgs(invocation.args());
    } catch (ParameterException e) {
      return Need.FILES;
    }
    ParseResult leaf = parsed;
    while (true) {
      if (leaf.isUsageHelpRequested() || leaf.isVersionHelpRequested()) {
        return Need.FILES;
      }
      if (!leaf.hasSubcommand()) {
        break;
      }
      leaf = leaf.subcommand();
    }
    Object command = leaf.commandSpec().userObject();
    if (!(command instanceof Runnable || command instanceof Callable)) {
      return Need.FILES;
    }
    if (command instanceof NeedsFromArguments fromArguments) {
      return fromArguments.needs();
    }
    for (CommandSpec spec = leaf.commandSpec(); spec != null; spec = spec.parent()) {
      Needs declared = spec.userObject().getClass().getAnnotation(Needs.class);
      if (declared != null) {
        return declared.value();
      }
    }
    return Need.DATABASE;
  }

  /** Runs {@code args} here, without the application; call only when {@link #needs} said {@link Need#FILES}. */
  public int execute() {
    try {
      ParseResult parsed = invocation.commandLine().parseArgs(invocation.args());
      while (parsed.hasSubcommand()) {
        parsed = parsed.subcommand();
      }
      injectSettings(parsed.commandSpec().userObject());
    } catch (ParameterException e) {
      // a usage error: picocli reports it below, and nothing runs
    }
    return invocation.execute();
  }

  /** Fills the command's {@code @Inject} fields of {@code @ConfigMapping} types, as the application would. */
  private static void injectSettings(Object command) {
    for (Class<?> type = command.getClass(); type != Object.class; type = type.getSuperclass()) {
      for (Field field : type.getDeclaredFields()) {
        if (field.isAnnotationPresent(Inject.class) && field.getType().isAnnotationPresent(ConfigMapping.class)) {
          try {
            field.setAccessible(true);
            field.set(command, settings(field.getType()));
          } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot set " + field, e);
          }
        }
      }
    }
  }

  /**
   * The same values the application reads: system properties, environment, the modules' defaults, with
   * expressions such as {@code ${ASSAY_DATA_DIR:.assay/data}} expanded as the application expands them.
   */
  static <T> T settings(Class<T> mapping) {
    return new SmallRyeConfigBuilder()
        .addDefaultSources()
        .addDefaultInterceptors()
        .addDiscoveredConverters()
        .withMapping(mapping)
        .withValidateUnknown(false)
        .build()
        .getConfigMapping(mapping);
  }

  /**
   * Commands as picocli builds them, except that constructor-injected services are null: only running
   * such a command would use them, and it runs inside the application, built by CDI.
   */
  private static final class WithoutServices implements CommandLine.IFactory {
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
}
