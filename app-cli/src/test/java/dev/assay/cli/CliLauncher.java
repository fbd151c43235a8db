package dev.assay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs {@code ./assay} on this artifact as a user does, against the test database, from a state directory. */
final class CliLauncher {
  static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath();

  record Run(int exitCode, String out, String err) {}

  private CliLauncher() {}

  /** A started {@code ./assay} and the files its stdout and stderr go to. */
  record Started(Process process, Path out, Path err, String command) {}

  /**
   * {@code ./assay ARGS} run in {@code state} (its working directory and state directory), with
   * {@code settings} on top of the test environment; in-process unless they set ASSAY_COMMAND_SERVER.
   */
  static Run assay(Path state, Map<String, String> settings, String... args) throws Exception {
    return finish(start(state, settings, args));
  }

  /** {@code ./assay ARGS} started as {@link #assay} runs it, without waiting for it. */
  static Started start(Path state, Map<String, String> settings, String... args) throws Exception {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("JAVA_HOME", System.getProperty("java.home"));
    env.put("ASSAY_DB_URL", System.getenv().getOrDefault("ASSAY_TEST_DB_URL",
        "jdbc:postgresql://127.0.0.1:5432/assay_test"));
    env.remove("ASSAY_DB_NAME");
    env.put("ASSAY_MQ_NAMESPACE", System.getenv().getOrDefault("ASSAY_TEST_MQ_NAMESPACE", "assay-test"));
    env.put("ASSAY_STATE_DIR", state.toString());
    env.put("ASSAY_DATA_DIR", state.resolve("data").toString());
    env.put("ASSAY_CLI_JAR", JAR.toString());
    env.put("ASSAY_SKIP_BUILD", "1");
    env.put("ASSAY_COMMAND_SERVER", "off");
    env.putAll(settings);
    Files.createDirectories(state);
    Path out = Files.createTempFile(state, "stdout", ".txt");
    Path err = Files.createTempFile(state, "stderr", ".txt");
    List<String> command = new ArrayList<>(List.of("bash", REPO.resolve("assay").toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().clear();
    builder.environment().putAll(env);
    Process process = builder.directory(state.toFile())
        .redirectInput(new File("/dev/null"))
        .redirectOutput(out.toFile())
        .redirectError(err.toFile())
        .start();
    return new Started(process, out, err, String.join(" ", args));
  }

  /** Waits for a started command (at most 5 minutes) and reads what it printed. */
  static Run finish(Started started) throws Exception {
    Process process = started.process();
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
    }
    assertThat(process.isAlive()).as("./assay %s still running after 5 minutes", started.command()).isFalse();
    return new Run(process.exitValue(), Files.readString(started.out(), StandardCharsets.UTF_8),
        Files.readString(started.err(), StandardCharsets.UTF_8));
  }
}
