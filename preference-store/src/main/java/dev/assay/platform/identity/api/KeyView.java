package dev.assay.platform.identity.api;

import dev.assay.platform.identity.KeySummary;
import java.time.Instant;

/** An API key as listed to admins: never the secret. */
public record KeyView(
    long id, String prefix, String role, String owner, String label, Instant createdAt, Instant revokedAt) {
  public static KeyView of(KeySummary key) {
    return new KeyView(key.id(), key.prefix(), key.role(), key.owner(), key.label(), key.createdAt(), key.revokedAt());
  }
}
