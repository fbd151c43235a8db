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
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code ./assay} runs its one-shot commands on this artifact, which carries the commands and services
 * but not the UI or the API documents. (app's CommandLineIT covers the commands themselves.)
 */
class CliArtifactIT {
  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath();
  private static final Path STATE = Path.of("target/cli-artifact-it").toAbsolutePath();

  private record Run(int exitCode, String out, String err) {}

  @Test
  void theArtifactHasNoUiAndTheLauncherRunsDatabaseCommandsOnIt() throws Exception {
    try (Stream<Path> jars = Files.list(JAR.resolveSibling("lib/main"))) {
      assertThat(jars.map(jar -> jar.getFileName().toString()))
          .isNotEmpty()
          .noneMatch(name -> name.contains("vaadin") || name.contains("assay-ui") || name.contains("openapi")
              || name.contains("smallrye-health") || name.contains("prometheus"));
    }
    String user = "cli-" + UUID.randomUUID().toString().substring(0, 8);

    Run created = assay("-Dquarkus.log.console.level=INFO", "admin", "create-user", user, "--role", "service",
        "--password", "a-long-password");
    Run key = assay("", "admin", "create-key", user, "--role", "service");

    assertThat(created.exitCode()).as(created.err()).isZero();
    assertThat(created.err()).as("the framework's log names the artifact that ran").contains("assay-cli ");
    assertThat(key.exitCode()).as(key.err()).isZero();
    assertThat(key.out().lines().toList()).singleElement().asString().matches("assay_\\w+_\\w+");
    assertThat(key.err()).isEmpty();
  }

  private static Run assay(String javaOptions, String... args) throws Exception {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("JAVA_HOME", System.getProperty("java.home"));
    env.put("ASSAY_DB_URL", System.getenv().getOrDefault("ASSAY_TEST_DB_URL",
        "jdbc:postgresql://127.0.0.1:5432/assay_test"));
    env.remove("ASSAY_DB_NAME");
    env.put("ASSAY_MQ_NAMESPACE", System.getenv().getOrDefault("ASSAY_TEST_MQ_NAMESPACE", "assay-test"));
    env.put("ASSAY_STATE_DIR", STATE.toString());
    env.put("ASSAY_DATA_DIR", STATE.resolve("data").toString());
    env.put("ASSAY_CLI_JAR", JAR.toString());
    env.put("ASSAY_SKIP_BUILD", "1");
    env.put("ASSAY_JAVA_OPTS", javaOptions);
    Files.createDirectories(STATE);
    Path out = Files.createTempFile(STATE, "stdout", ".txt");
    Path err = Files.createTempFile(STATE, "stderr", ".txt");
    List<String> command = new ArrayList<>(List.of("bash", REPO.resolve("assay").toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().clear();
    builder.environment().putAll(env);
    Process process = builder.directory(STATE.toFile())
        .redirectInput(new File("/dev/null"))
        .redirectOutput(out.toFile())
        .redirectError(err.toFile())
        .start();
    assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("./assay %s finished", String.join(" ", args)).isTrue();
    return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}
