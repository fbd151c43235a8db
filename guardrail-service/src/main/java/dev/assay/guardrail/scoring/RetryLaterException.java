package dev.assay.guardrail.scoring;

import dev.assay.platform.problem.ProblemException;

/** A 429 or 503 the client should retry: the response carries {@code Retry-After} (seconds). */
public class RetryLaterException extends ProblemException {
  private final long retryAfterSeconds;

  public RetryLaterException(int status, String title, String detail, long retryAfterSeconds) {
    super(status, title, detail, null, null);
    this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
  }

  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
