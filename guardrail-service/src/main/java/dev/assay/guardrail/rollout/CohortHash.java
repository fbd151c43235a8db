package dev.assay.guardrail.rollout;

import java.nio.charset.StandardCharsets;

/**
 * Which callers a canary serves: a 64-bit hash (FNV-1a, then MurmurHash3's finaliser to spread it) of the
 * rollout id and the routing key, cut into 10,000 buckets. The same key always lands in the same bucket of a
 * rollout, on every replica and after restarts; another rollout draws its own callers.
 */
public final class CohortHash {
  /** Buckets: a share is honoured to a hundredth of a percent. */
  public static final int BUCKETS = 10_000;

  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  private CohortHash() {}

  /** The key's bucket in a rollout, 0 to {@link #BUCKETS} - 1. */
  public static int bucket(long rollout, String key) {
    long hash = FNV_OFFSET;
    for (int i = 0; i < Long.BYTES; i++) {
      hash = (hash ^ ((rollout >>> (8 * i)) & 0xff)) * FNV_PRIME;
    }
    for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
      hash = (hash ^ (b & 0xff)) * FNV_PRIME;
    }
    hash ^= hash >>> 33;
    hash *= 0xff51afd7ed558ccdL;
    hash ^= hash >>> 33;
    hash *= 0xc4ceb9fe1a85ec53L;
    hash ^= hash >>> 33;
    return (int) Long.remainderUnsigned(hash, BUCKETS);
  }

  /** Whether the key falls in the first {@code percent} of the rollout's buckets. */
  public static boolean inShare(long rollout, String key, double percent) {
    return bucket(rollout, key) < Math.round(percent * (BUCKETS / 100.0));
  }
}
