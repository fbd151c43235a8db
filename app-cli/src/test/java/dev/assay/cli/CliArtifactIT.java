package dev.assay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code ./assay} runs its one-shot commands on this artifact, which carries the commands and services
 * but not the UI or the API documents. (app's CommandLineIT covers the commands themselves.)
 */
class CliArtifactIT {
  private static final Path JAR = CliLauncher.JAR;
  private static final Path STATE = Path.of("target/cli-artifact-it").toAbsolutePath();

  @Test
  void theArtifactHasNoUiAndTheLauncherRunsDatabaseCommandsOnIt() throws Exception {
    try (Stream<Path> jars = Files.list(JAR.resolveSibling("lib/main"))) {
      assertThat(jars.map(jar -> jar.getFileName().toString()))
          .isNotEmpty()
          .noneMatch(name -> name.contains("vaadin") || name.contains("assay-ui") || name.contains("openapi")
              || name.contains("smallrye-health") || name.contains("prometheus"));
    }
    String user = "cli-" + UUID.randomUUID().toString().substring(0, 8);

    CliLauncher.Run created = assay("-Dquarkus.log.console.level=INFO", "admin", "create-user", user, "--role", "service",
        "--password", "a-long-password");
    CliLauncher.Run key = assay("", "admin", "create-key", user, "--role", "service");

    assertThat(created.exitCode()).as(created.err()).isZero();
    assertThat(created.err()).as("the framework's log names the artifact that ran").contains("assay-cli ");
    assertThat(key.exitCode()).as(key.err()).isZero();
    assertThat(key.out().lines().toList()).singleElement().asString().matches("assay_\\w+_\\w+");
    assertThat(key.err()).isEmpty();
  }

  private static CliLauncher.Run assay(String javaOptions, String... args) throws Exception {
    return CliLauncher.assay(STATE, Map.of("ASSAY_JAVA_OPTS", javaOptions), args);
  }
}
