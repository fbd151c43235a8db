package dev.assay.app.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code ./assay} as a user does: a separate process, stdin from /dev/null and stdout and stderr
 * captured apart (so no terminal), on the test database and message namespace.
 */
final class Launcher {
  static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath();

  private Launcher() {}

  record Run(int exitCode, String out, String err) {
    List<String> outLines() {
      return out.lines().toList();
    }

    List<String> errLines() {
      return err.lines().toList();
    }
  }

  /** The environment of {@code ./assay} against the packaged app and the test services. */
  static Map<String, String> environment(Path stateDir) {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("JAVA_HOME", System.getProperty("java.home"));
    env.put("ASSAY_DB_URL", System.getenv().getOrDefault("ASSAY_TEST_DB_URL",
        "jdbc:postgresql://127.0.0.1:5432/assay_test"));
    env.remove("ASSAY_DB_NAME");
    env.remove("ASSAY_HTTP_HOST");
    env.remove("ASSAY_CREDENTIALS_FILE");
    env.put("ASSAY_MQ_NAMESPACE", System.getenv().getOrDefault("ASSAY_TEST_MQ_NAMESPACE", "assay-test"));
    env.put("ASSAY_STATE_DIR", stateDir.toAbsolutePath().toString());
    env.put("ASSAY_DATA_DIR", stateDir.resolve("data").toAbsolutePath().toString());
    env.put("ASSAY_APP_JAR", JAR.toString());
    env.put("ASSAY_SKIP_BUILD", "1");
    // the launcher's commands in-process, as without a command server (app-cli's CommandServerIT covers that)
    env.put("ASSAY_COMMAND_SERVER", "off");
    return env;
  }

  static Run run(Path script, Map<String, String> env, Path workDir, String... args) throws IOException,
      InterruptedException {
    Files.createDirectories(workDir);
    Path out = Files.createTempFile(workDir, "stdout", ".txt");
    Path err = Files.createTempFile(workDir, "stderr", ".txt");
    List<String> command = new ArrayList<>(List.of("bash", script.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().clear();
    builder.environment().putAll(env);
    Process process = builder.directory(workDir.toFile())
        .redirectInput(new File("/dev/null"))
        .redirectOutput(out.toFile())
        .redirectError(err.toFile())
        .start();
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
    }
    assertThat(process.isAlive()).as("./assay %s still running after 5 minutes", String.join(" ", args)).isFalse();
    return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  /** {@code ./assay ARGS} from the repository, on the packaged app. */
  static Run assay(Path stateDir, String... args) throws IOException, InterruptedException {
    return run(REPO.resolve("assay"), environment(stateDir), stateDir, args);
  }
}
