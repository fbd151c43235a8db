package dev.assay.platform.identity;

/** A client failed to authenticate too often and must wait before it may try again. */
public class TooManyAttemptsException extends RuntimeException {
  private final long retryAfterSeconds;

  public TooManyAttemptsException(long retryAfterSeconds) {
    super("too many failed attempts; retry after " + retryAfterSeconds + " s");
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
