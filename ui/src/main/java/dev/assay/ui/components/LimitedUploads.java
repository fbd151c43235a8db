package dev.assay.ui.components;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.upload.Upload;
import com.vaadin.flow.server.streams.UploadHandler;
import dev.assay.platform.files.TempFiles;
import dev.assay.platform.http.UploadLimits;
import dev.assay.platform.io.LimitedInputStream;
import dev.assay.platform.problem.ProblemException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Holds a UI upload to the limit of its REST counterpart ({@link UploadLimits}): upload targets stream under
 * Quarkus's global body limit otherwise. The browser refuses a larger file before sending it, but a client
 * can skip that check, so the server counts what arrives too and refuses once it passes the limit.
 */
public final class LimitedUploads {
  private static final Path TEMPORARY_FILES = Path.of(System.getProperty("java.io.tmpdir"));

  private LimitedUploads() {}

  /** Lets the browser refuse a file over {@code limit}, and shows its refusals (size or type) with {@code refused}. */
  public static void refuseLargerFiles(Upload upload, UploadLimits.Limit limit, Consumer<String> refused) {
    // Vaadin takes an int: a larger limit is left to the server's count
    if (limit.maxBytes() <= Integer.MAX_VALUE) {
      upload.setMaxFileSize((int) limit.maxBytes());
    }
    upload.addFileRejectedListener(e -> refused.accept(e.getErrorMessage()));
  }

  /** {@code in}, failing with a 413 {@link ProblemException} that names the limit once more than it has been read. */
  public static InputStream counted(InputStream in, UploadLimits.Limit limit) {
    return new LimitedInputStream(in, limit.maxBytes(), () -> new ProblemException(413, "Content Too Large",
        "the file is larger than the upload limit of " + limit.maxBytes() + " bytes (" + limit.setting() + ")",
        null, null));
  }

  /**
   * Stores each file in a temporary file, counted against {@code limit}. {@code stored} gets the file and its
   * name, {@code refused} the reason a file over the limit was dropped; both run in the UI's lock.
   */
  public static UploadHandler toTemporaryFile(
      UploadLimits.Limit limit, BiConsumer<Path, String> stored, Consumer<String> refused) {
    return event -> {
      UI ui = event.getUI();
      String fileName = event.getFileName();
      try {
        Path file = TempFiles.write(TEMPORARY_FILES, "upload-", ".tmp",
            out -> counted(event.getInputStream(), limit).transferTo(out));
        ui.access(() -> stored.accept(file, fileName));
      } catch (ProblemException e) {
        ui.access(() -> refused.accept(e.getMessage()));
      }
    };
  }
}
