package dev.assay.platform.files;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/** Temporary files written in full before use (uploads, downloads): a write that fails leaves no file behind. */
public final class TempFiles {
  private static final Logger LOG = Logger.getLogger(TempFiles.class);

  /** Writes a file's bytes. */
  @FunctionalInterface
  public interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  private TempFiles() {}

  /** A new file in {@code dir} (created when missing) holding what {@code content} writes. */
  public static Path write(Path dir, String prefix, String suffix, Content content) throws IOException {
    Path file = null;
    try {
      Files.createDirectories(dir);
      file = Files.createTempFile(dir, prefix, suffix);
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 64 * 1024)) {
        content.writeTo(out);
      }
      return file;
    } catch (IOException | RuntimeException e) {
      deleteQuietly(file);
      throw e;
    }
  }

  /** Deletes the file if there is one; a file that cannot be deleted is left (and logged), not an error. */
  public static void deleteQuietly(Path file) {
    if (file == null) {
      return;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.debugf("Could not delete %s: %s", file, e.getMessage());
    }
  }
}
