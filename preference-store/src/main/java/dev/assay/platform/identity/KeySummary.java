package dev.assay.platform.identity;

import java.time.Instant;

/** An API key as listed to admins: never the secret. */
public record KeySummary(
    long id, String prefix, String role, String owner, String label, Instant createdAt, Instant revokedAt) {
  public static KeySummary of(ApiKey key) {
    return new KeySummary(key.id, key.prefix, key.role, key.owner, key.label, key.createdAt, key.revokedAt);
  }
}
