package dev.assay.guardrail;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The guardrail's audit log, policy cache, check budget and request limits. */
@ConfigMapping(prefix = "assay.guardrail")
public interface GuardrailSettings {
  Audit audit();

  /** How long a replica reuses the latest version of a policy before reading it again. */
  @WithDefault("2s")
  Duration policyCacheTtl();

  /**
   * How long one check of a policy may take; a check still running then counts as failed and takes the
   * policy's onError decision.
   */
  @WithDefault("500ms")
  Duration checkTimeout();

  /**
   * The largest body {@code POST /api/v1/guardrail/check} accepts: refused with 413 from its
   * Content-Length, before it is read.
   */
  @WithDefault("256K")
  MemorySize maxCheckBodySize();

  /**
   * The most text (after gunzip) a suite upload or a suite build reads from one file: a small gzipped body
   * can hold gigabytes. Over it: 413. The body itself is held to {@code assay.http.max-suite-upload-size}.
   */
  @WithDefault("512M")
  MemorySize maxSuiteTextSize();

  interface Audit {
    /**
     * Decisions waiting for the writer. When it is full, a check blocks up to {@link #enqueueTimeout}
     * for room and then fails (503): a slow database slows the guardrail down instead of leaving
     * decisions unaudited.
     */
    @WithDefault("20000")
    int queueCapacity();

    /** Most rows one transaction (one commit) writes. */
    @WithDefault("500")
    int batchSize();

    /** How long the idle writer waits for a row before looking again (and noticing shutdown). */
    @WithDefault("5ms")
    Duration flushInterval();

    /** How long a check waits for room in a full queue before failing. */
    @WithDefault("250ms")
    Duration enqueueTimeout();

    /** How long a check waits for its row to be committed before failing (503). */
    @WithDefault("10s")
    Duration commitTimeout();

    /** Keep the prompt and response text in the audit log (off: only their SHA-256 hashes). */
    @WithDefault("false")
    boolean storeText();

    /** Audit rows older than this many days are deleted by a scheduled job; 0 keeps them forever. */
    @WithDefault("90")
    int retentionDays();
  }
}
