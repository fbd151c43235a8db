package dev.assay.store.export.api;

import dev.assay.platform.download.SpooledDownloads;
import dev.assay.store.dataset.format.DatasetFormat;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.io.OutputStream;
import java.util.function.Consumer;

/** Export downloads: media type and attachment file name per format, sent through {@link SpooledDownloads}. */
@ApplicationScoped
public class ExportDownloads {
  public static final String JSONL = "application/jsonl";
  public static final String CSV = "text/csv";

  private final SpooledDownloads downloads;

  public ExportDownloads(SpooledDownloads downloads) {
    this.downloads = downloads;
  }

  /**
   * A 200 response with what {@code writer} writes: written in full first (the export's transaction
   * ends before the client reads a byte), then sent.
   */
  public Response attachment(String baseName, DatasetFormat format, Consumer<OutputStream> writer) {
    String fileName = baseName.replaceAll("[^A-Za-z0-9._-]", "_")
        + (format == DatasetFormat.CSV ? ".csv" : "." + format.cliName() + ".jsonl");
    return downloads.attachment(fileName, format == DatasetFormat.CSV ? CSV + "; charset=UTF-8" : JSONL,
        writer::accept);
  }
}
