package dev.assay.platform.download;

import dev.assay.platform.export.ExportFormat;
import dev.assay.platform.files.TempFiles;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * File downloads (exports) written in full to a spool file first, then sent from it. Writing reads the
 * database at its own pace, so a pool connection is held only for that; a client that reads slowly, or
 * stops reading, then holds a file and a worker thread but no connection, and cannot starve the pool.
 * A failure while writing is still an error response (nothing has been sent yet). The file is deleted
 * once sent or when the client goes away; files a crash left behind are deleted at the next start.
 */
@ApplicationScoped
public class SpooledDownloads {
  private static final Logger LOG = Logger.getLogger(SpooledDownloads.class);
  private static final Duration LEFT_BEHIND = Duration.ofDays(1);

  /** Writes the download's bytes; {@code out} is closed by the caller. */
  @FunctionalInterface
  public interface Body {
    void writeTo(OutputStream out) throws IOException;
  }

  private final Path dir;

  public SpooledDownloads(@ConfigProperty(name = "assay.download.spool-dir") Path dir) {
    this.dir = dir;
  }

  /** A 200 with {@code body} as an attachment called {@code fileName}. */
  public Response attachment(String fileName, String mediaType, Body body) {
    Path file = spool(body);
    StreamingOutput send = out -> {
      try {
        Files.copy(file, out);
      } finally {
        Files.deleteIfExists(file);
      }
    };
    return Response.ok(send, mediaType)
        .header("Content-Disposition", "attachment; filename=\"" + fileName + "\"")
        .build();
  }

  /** A 200 with {@code body} as an attachment called {@code baseName}, with the format's ending and media type. */
  public Response attachment(String baseName, ExportFormat format, Body body) {
    return attachment(baseName + "." + format.extension(), format.mediaType(), body);
  }

  private Path spool(Body body) {
    try {
      return TempFiles.write(dir, "download-", ".part", body::writeTo);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not prepare the download: " + e.getMessage(), e);
    }
  }

  void deleteLeftBehind(@Observes StartupEvent event) {
    if (!Files.isDirectory(dir)) {
      return;
    }
    // Replicas may share the directory: only files older than any download in progress go.
    Instant cutoff = Instant.now().minus(LEFT_BEHIND);
    try (Stream<Path> files = Files.list(dir)) {
      files.filter(f -> lastModified(f).isBefore(cutoff)).forEach(TempFiles::deleteQuietly);
    } catch (IOException e) {
      LOG.warnf("Could not clean %s: %s", dir, e.getMessage());
    }
  }

  private static Instant lastModified(Path file) {
    try {
      return Files.getLastModifiedTime(file).toInstant();
    } catch (IOException e) {
      return Instant.MAX;
    }
  }
}
