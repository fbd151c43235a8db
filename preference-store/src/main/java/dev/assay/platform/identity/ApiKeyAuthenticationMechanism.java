package dev.assay.platform.identity;

import dev.assay.platform.http.ClientAddresses;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * Reads {@code Authorization: Bearer <api key>} and hands the key to {@link ApiKeyIdentityProvider}.
 * A client address that presented too many bad keys is refused (429) without any lookup until its
 * window ends, so guessing keys costs the database nothing; keys verified moments ago still pass. Behind
 * a trusted proxy the address is the client's it forwards for ({@link ClientAddresses}).
 */
@ApplicationScoped
public class ApiKeyAuthenticationMechanism implements HttpAuthenticationMechanism {
  private static final String BEARER = "Bearer ";

  private final IdentityService identities;
  private final ClientAddresses clientAddresses;
  private final AttemptThrottle badKeysByAddress;

  public ApiKeyAuthenticationMechanism(IdentityService identities, ClientAddresses clientAddresses,
      ThrottleConfig throttle) {
    this.identities = identities;
    this.clientAddresses = clientAddresses;
    this.badKeysByAddress = new AttemptThrottle(throttle.bearerFailuresPerAddress(), throttle.bearerWindow());
  }

  @Override
  public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager providers) {
    String header = context.request().getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return Uni.createFrom().optional(java.util.Optional.empty());
    }
    String token = header.substring(BEARER.length()).trim();
    String address = clientAddresses.of(context.request());
    long wait = badKeysByAddress.retryAfterSeconds(address);
    if (wait > 0 && identities.recentlyVerifiedKey(token).isEmpty()) {
      return Uni.createFrom().failure(new TooManyAttemptsException(wait));
    }
    return providers.authenticate(new ApiKeyAuthenticationRequest(token))
        .onFailure(AuthenticationFailedException.class).invoke(() -> badKeysByAddress.failed(address));
  }

  @Override
  public Uni<ChallengeData> getChallenge(RoutingContext context) {
    return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer"));
  }

  @Override
  public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
    return Set.of(ApiKeyAuthenticationRequest.class);
  }

  @Override
  public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
    return Uni.createFrom()
        .item(new HttpCredentialTransport(HttpCredentialTransport.Type.AUTHORIZATION, "bearer"));
  }
}
