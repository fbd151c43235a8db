package dev.assay.platform.identity;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Verifies API keys against the database (blocking, so off the event loop) unless verified or found
 * unknown moments ago.
 */
@ApplicationScoped
public class ApiKeyIdentityProvider implements IdentityProvider<ApiKeyAuthenticationRequest> {
  /** The identity attribute holding the id of the API key a request was made with (a {@code Long}). */
  public static final String KEY_ID = "assay.api-key-id";

  private final IdentityService identities;

  public ApiKeyIdentityProvider(IdentityService identities) {
    this.identities = identities;
  }

  @Override
  public Class<ApiKeyAuthenticationRequest> getRequestType() {
    return ApiKeyAuthenticationRequest.class;
  }

  @Override
  public Uni<SecurityIdentity> authenticate(
      ApiKeyAuthenticationRequest request, AuthenticationRequestContext context) {
    // A key verified moments ago is answered on the calling (event-loop) thread: no hop to a worker.
    var recent = identities.recentlyVerifiedKey(request.token());
    if (recent.isPresent()) {
      return Uni.createFrom().item(identity(recent.get()));
    }
    if (identities.recentlyRefusedKey(request.token())) {
      return Uni.createFrom().failure(new AuthenticationFailedException());
    }
    return context.runBlocking(
        () -> identities.verifyKey(request.token()).map(ApiKeyIdentityProvider::identity)
            .orElseThrow(AuthenticationFailedException::new));
  }

  private static SecurityIdentity identity(IdentityService.Principal principal) {
    return QuarkusSecurityIdentity.builder()
        .setPrincipal(new QuarkusPrincipal(principal.name()))
        .addRoles(java.util.Set.copyOf(principal.roles()))
        .addAttribute(KEY_ID, principal.keyId())
        .build();
  }
}
