package dev.assay.platform.export;

import dev.assay.platform.problem.ProblemException;
import java.util.Locale;

/** The formats of row exports (the audit logs, moderation verdicts): CSV with a header row, or JSON lines. */
public enum ExportFormat {
  CSV("text/csv"),
  JSONL("application/x-ndjson");

  private final String mediaType;

  ExportFormat(String mediaType) {
    this.mediaType = mediaType;
  }

  /** The format a client names; jsonl when it names none, 422 naming {@code format} for anything else. */
  public static ExportFormat of(String name) {
    String chosen = name == null || name.isBlank() ? "jsonl" : name.strip().toLowerCase(Locale.ROOT);
    return switch (chosen) {
      case "csv" -> CSV;
      case "jsonl" -> JSONL;
      default -> throw ProblemException.invalid("format", "format must be csv or jsonl");
    };
  }

  /** The file name ending, {@code csv} or {@code jsonl}. */
  public String extension() {
    return name().toLowerCase(Locale.ROOT);
  }

  public String mediaType() {
    return mediaType;
  }
}
