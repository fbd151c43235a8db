package dev.assay.platform.identity;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** An API key presented as a bearer token, not yet verified. */
public class ApiKeyAuthenticationRequest extends BaseAuthenticationRequest {
  private final String token;

  public ApiKeyAuthenticationRequest(String token) {
    this.token = token;
  }

  public String token() {
    return token;
  }
}
