package dev.assay.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the harnesses find the shared real datasets and the repository they run in. */
final class SharedData {
  /** 1,732 HH-RLHF harmless dev pairs. */
  static final String HH = "hh-rlhf-harmless-dev.jsonl.gz";

  private SharedData() {}

  /**
   * A file of the shared data directory: system property {@code assay.shared-data}, else
   * {@code ../shared/data} next to the repository. A benchmark cannot run without it, so its absence
   * is an error, not a skip.
   */
  static Path file(String name) {
    Path file = directory().resolve(name).normalize();
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException("shared data file " + file + " is absent (set -Dassay.shared-data=DIR)");
    }
    return file;
  }

  /** The shared data directory: {@code assay.shared-data}, else {@code ../shared/data} next to the repository. */
  static Path directory() {
    String configured = System.getProperty("assay.shared-data");
    return (configured != null ? Path.of(configured) : repositoryRoot().resolve("../shared/data")).normalize();
  }

  /** The nearest directory upwards from the working directory that holds {@code mvnw}. */
  static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
      dir = dir.getParent();
    }
    return dir == null ? Path.of("").toAbsolutePath() : dir;
  }
}
