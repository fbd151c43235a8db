package dev.assay.app.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.app.launcher.Launcher.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./assay up} on a machine without a JDK 21+: it stops at once and says what to install. Runs a
 * copy of the launcher (so nothing it might go on to do touches this checkout), with no JDK where it
 * looks and at most an older Java on the PATH.
 */
class LauncherJdkTest {
  @TempDir Path dir;

  @Test
  void upWithoutAJdk21SaysWhatToInstallAndStopsBeforeAnythingElse() throws Exception {
    Path copy = Files.createDirectories(dir.resolve("checkout/infra"));
    Files.copy(Launcher.REPO.resolve("assay"), copy.resolveSibling("assay"));
    Files.copy(Launcher.REPO.resolve("infra/services.sh"), copy.resolve("services.sh"));
    Map<String, String> env = Launcher.environment(dir.resolve("state"));
    env.remove("JAVA_HOME");
    env.remove("ASSAY_SKIP_BUILD");
    env.put("PATH", "/usr/bin:/bin"); // Debian's java there, if any, is 17
    env.put("ASSAY_JDK_SEARCH_ROOT", Files.createDirectories(dir.resolve("no-jdks")).toString());
    env.put("ASSAY_APP_JAR", dir.resolve("checkout/missing.jar").toString());

    Run up = Launcher.run(copy.resolveSibling("assay"), env, dir.resolve("work"), "up");

    assertThat(up.exitCode()).isEqualTo(1);
    assertThat(up.out()).isEmpty();
    assertThat(up.errLines()).singleElement().asString()
        .startsWith("assay: error: Assay needs a JDK 21 or newer")
        .contains("Install one", "Temurin 21", "JAVA_HOME");
  }
}
