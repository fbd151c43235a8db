package dev.assay.guardrail.scoring;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;

/** Limits of the scoring API (also used by the guardrail), micro-batching and per-caller rate limits. */
@ConfigMapping(prefix = "assay.scoring")
public interface ScoringSettings {
  /** Most responses one scoring request may carry. */
  @WithDefault("256")
  int maxBatch();

  /** Longest text (prompt turn or response) accepted, in characters. */
  @WithDefault("100000")
  int maxTextChars();

  /**
   * Sentence embeddings the scorers of one encoder keep in memory, shared between them (least recently used
   * go first; none go to disk).
   */
  @WithDefault("10000")
  int embeddingCacheEntries();

  /** Micro-batching of concurrent requests into one forward pass. */
  Batching batching();

  /** Token bucket per caller (API key owner) over scoring and guardrail calls. */
  RateLimit rateLimit();

  interface Batching {
    /**
     * Off: every request runs its own forward pass on its own thread (the baseline the benchmark
     * compares against). On: one batching thread per loaded model scores a lone request at once
     * and batches the requests that queue up while a forward pass runs.
     */
    @WithDefault("true")
    boolean enabled();

    /**
     * Batching threads per loaded model, each scoring one batch at a time; 0 means as many as a
     * sentence encoder runs at once (one per core, at most four).
     */
    @WithDefault("0")
    int threads();

    /** Most responses scored in one forward pass; a single larger request is scored alone. */
    @WithDefault("64")
    int maxItems();

    /** Requests that may wait for the batching thread; beyond it a request gets 503 with Retry-After. */
    @WithDefault("4096")
    int queueCapacity();

    /** How long a request waits for its scores before it fails with 503. */
    @WithDefault("30s")
    Duration timeout();
  }

  interface RateLimit {
    @WithDefault("true")
    boolean enabled();

    /** Sustained requests per second per caller (the bucket's refill rate). */
    @WithDefault("500")
    double requestsPerSecond();

    /** Bucket size: requests a caller may send at once after being idle. */
    @WithDefault("1000")
    int burst();

    /**
     * Limits for particular callers (by principal name), e.g.
     * {@code assay.scoring.rate-limit.callers.batch-client.requests-per-second=50}.
     */
    Map<String, CallerLimit> callers();
  }

  interface CallerLimit {
    double requestsPerSecond();

    int burst();
  }
}
