package dev.assay.store.export.api;

import dev.assay.store.dataset.format.DatasetFormat;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.OutputStream;
import java.util.function.Consumer;

/** Streamed export downloads: media type and attachment file name per format. */
public final class ExportDownloads {
  public static final String JSONL = "application/jsonl";
  public static final String CSV = "text/csv";

  private ExportDownloads() {}

  /**
   * A 200 response whose body {@code writer} streams as it reads; nothing is buffered beyond the
   * writers' own 64 KiB.
   */
  public static Response attachment(String baseName, DatasetFormat format, Consumer<OutputStream> writer) {
    StreamingOutput body = writer::accept;
    String fileName = baseName.replaceAll("[^A-Za-z0-9._-]", "_")
        + (format == DatasetFormat.CSV ? ".csv" : "." + format.cliName() + ".jsonl");
    return Response.ok(body, format == DatasetFormat.CSV ? CSV + "; charset=UTF-8" : JSONL)
        .header("Content-Disposition", "attachment; filename=\"" + fileName + "\"")
        .build();
  }
}
