package dev.assay.guardrail.scoring;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Per-caller token buckets for the scoring and guardrail endpoints: each caller (the principal an
 * API key belongs to) may send {@code burst} requests at once and {@code requests-per-second}
 * sustained. Over the limit: 429 with {@code Retry-After}, the seconds until a token is back.
 * Buckets live in this replica's memory, so with N replicas the effective limit is N times higher.
 */
@ApplicationScoped
public class RateLimiter {
  private final ScoringSettings.RateLimit settings;
  private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();

  public RateLimiter(ScoringSettings settings) {
    this.settings = settings.rateLimit();
  }

  /** Takes one token for {@code caller}, or throws 429. */
  public void acquire(String caller) {
    if (!settings.enabled()) {
      return;
    }
    ScoringSettings.CallerLimit own = settings.callers().get(caller);
    int burst = own != null ? own.burst() : settings.burst();
    double perSecond = own != null ? own.requestsPerSecond() : settings.requestsPerSecond();
    Bucket bucket = buckets.computeIfAbsent(caller, c -> new Bucket(burst, System.nanoTime()));
    double waitSeconds = bucket.take(burst, perSecond);
    if (waitSeconds > 0) {
      throw new RetryLaterException(429, "Too Many Requests", String.format(
          "caller %s is over its rate limit of %.1f requests/s (burst %d); retry in %.2f s",
          caller, perSecond, burst, waitSeconds), (long) Math.ceil(waitSeconds));
    }
  }

  private static final class Bucket {
    private double tokens;
    private long refilledAt;

    Bucket(double tokens, long now) {
      this.tokens = tokens;
      this.refilledAt = now;
    }

    /** 0 when a token was taken, else the seconds until one is available. */
    synchronized double take(int burst, double perSecond) {
      long now = System.nanoTime();
      tokens = Math.min(burst, tokens + (now - refilledAt) / 1e9 * perSecond);
      refilledAt = now;
      if (tokens >= 1) {
        tokens -= 1;
        return 0;
      }
      return (1 - tokens) / perSecond;
    }
  }
}
