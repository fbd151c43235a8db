package dev.assay.platform.identity;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts failed attempts per key (a user name, a client address) in fixed windows: after
 * {@code maxFailures} failures within {@code window}, the key is refused until the window ends.
 */
public final class AttemptThrottle {
  // Bounds memory when an attacker rotates keys: forgetting everything only lifts throttles early.
  private static final int MAX_KEYS = 100_000;

  private record Window(long startNanos, int failures) {}

  private final int maxFailures;
  private final long windowNanos;
  private final Map<String, Window> windows = new ConcurrentHashMap<>();

  public AttemptThrottle(int maxFailures, Duration window) {
    this.maxFailures = maxFailures;
    this.windowNanos = window.toNanos();
  }

  /** Seconds until the key may try again; 0 when it may try now. */
  public long retryAfterSeconds(String key) {
    Window window = windows.get(key);
    if (window == null || window.failures() < maxFailures) {
      return 0;
    }
    long remaining = window.startNanos() + windowNanos - System.nanoTime();
    return remaining <= 0 ? 0 : Math.max(1, Duration.ofNanos(remaining).toSeconds());
  }

  public void failed(String key) {
    if (windows.size() >= MAX_KEYS) {
      windows.clear();
    }
    long now = System.nanoTime();
    windows.compute(key, (k, window) -> window == null || now - window.startNanos() >= windowNanos
        ? new Window(now, 1)
        : new Window(window.startNanos(), window.failures() + 1));
  }

  public void succeeded(String key) {
    windows.remove(key);
  }
}
