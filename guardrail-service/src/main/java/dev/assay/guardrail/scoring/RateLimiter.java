package dev.assay.guardrail.scoring;

import dev.assay.platform.identity.ApiKeyIdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Per-caller token buckets for the scoring and guardrail endpoints: each caller (the principal an
 * API key belongs to) may send {@code burst} requests at once and {@code requests-per-second}
 * sustained. Over the limit: 429 with {@code Retry-After}, the seconds until a token is back.
 * An API key with a limit of its own ({@link KeyRateLimits}) has a bucket of its own with that limit.
 * Buckets live in this replica's memory, so with N replicas the effective limit is N times higher.
 */
@ApplicationScoped
public class RateLimiter {
  private final ScoringSettings.RateLimit settings;
  private final KeyRateLimits keyLimits;
  private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();

  public RateLimiter(ScoringSettings settings, KeyRateLimits keyLimits) {
    this.settings = settings.rateLimit();
    this.keyLimits = keyLimits;
  }

  /** Takes one token for the authenticated caller (or its API key, when the key has a limit), or throws 429. */
  public void acquire(SecurityIdentity identity) {
    if (!settings.enabled()) {
      return;
    }
    String caller = identity.getPrincipal().getName();
    var keyLimit = keyLimits.of(identity.getAttribute(ApiKeyIdentityProvider.KEY_ID));
    if (keyLimit.isPresent()) {
      take("key:" + keyLimit.get().keyId(), "API key " + keyLimit.get().keyId() + " of " + caller,
          keyLimit.get().burst(), keyLimit.get().requestsPerSecond());
      return;
    }
    ScoringSettings.CallerLimit own = settings.callers().get(caller);
    take(caller, "caller " + caller, own != null ? own.burst() : settings.burst(),
        own != null ? own.requestsPerSecond() : settings.requestsPerSecond());
  }

  private void take(String bucketName, String who, int burst, double perSecond) {
    Bucket bucket = buckets.computeIfAbsent(bucketName, c -> new Bucket(burst, System.nanoTime()));
    double waitSeconds = bucket.take(burst, perSecond);
    if (waitSeconds > 0) {
      throw new RetryLaterException(429, "Too Many Requests", String.format(
          "%s is over its rate limit of %.1f requests/s (burst %d); retry in %.2f s",
          who, perSecond, burst, waitSeconds), (long) Math.ceil(waitSeconds));
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
