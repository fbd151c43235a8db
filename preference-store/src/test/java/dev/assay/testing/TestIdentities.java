package dev.assay.testing;

import dev.assay.platform.identity.IdentityService;
import io.quarkus.arc.Arc;
import java.util.List;
import java.util.UUID;

/**
 * Users and API keys for REST tests: each call creates a fresh user (unique name) and returns its
 * bearer key, so tests never depend on each other's data.
 */
public final class TestIdentities {
  private TestIdentities() {}

  /** A new user with the role and an API key scoped to it; returns the {@code Authorization} value. */
  public static String bearer(String role) {
    return "Bearer " + key(role, role + "-" + UUID.randomUUID().toString().substring(0, 8));
  }

  /** A new user called {@code username} with the role; returns the plaintext API key. */
  public static String key(String role, String username) {
    IdentityService identities = Arc.container().instance(IdentityService.class).get();
    identities.createUser(username, "test-password-" + UUID.randomUUID(), List.of(role));
    return identities.createKey(username, role, "test").plaintext();
  }
}
