package dev.assay.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Files of the repository and beside it, found from whichever module's directory a test runs in. */
public final class RepositoryFiles {
  private RepositoryFiles() {}

  /** The nearest directory up from the working directory that holds the Maven wrapper. */
  public static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir.getParent() != null && !Files.exists(dir.resolve("mvnw"))) {
      dir = dir.getParent();
    }
    return dir;
  }

  /**
   * The shared real-data directory, which may be absent: system property {@code assay.shared-data} (set by
   * surefire), else {@code ../shared/data} beside the repository.
   */
  public static Path sharedData() {
    String configured = System.getProperty("assay.shared-data");
    return (configured != null ? Path.of(configured) : root().resolve("../shared/data")).normalize();
  }
}
