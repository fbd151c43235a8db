package dev.assay.store.dataset;

import dev.assay.store.dataset.format.ImportLimits;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;

/** Limits every import enforces, so one bad file cannot exhaust memory, and where uploads wait. */
@ConfigMapping(prefix = "assay.import")
public interface ImportLimitsConfig {
  /** Largest record (one JSON line or array element), in bytes. */
  @WithDefault("4194304")
  int maxRecordBytes();

  /** Longest single text (a message or a response), in characters. */
  @WithDefault("1000000")
  int maxTextChars();

  /** Deepest JSON nesting accepted. */
  @WithDefault("32")
  int maxNestingDepth();

  /** Most responses in one candidates record. */
  @WithDefault("64")
  int maxResponses();

  /**
   * Longest an import's single transaction may run, in seconds (the transaction manager's default is
   * 60 s, too short for files of a million records).
   */
  @WithDefault("3600")
  int transactionTimeoutSeconds();

  /** Where uploads wait for their import job; shared by replicas that share the data directory. */
  Path spoolDir();

  /**
   * How long the refused records of a skip-invalid upload stay readable after its job ended; then the
   * file is deleted (the job's counts stay).
   */
  @WithDefault("P7D")
  Duration rejectsRetention();

  default ImportLimits toLimits() {
    return new ImportLimits(maxRecordBytes(), maxTextChars(), maxNestingDepth(), maxResponses());
  }
}
