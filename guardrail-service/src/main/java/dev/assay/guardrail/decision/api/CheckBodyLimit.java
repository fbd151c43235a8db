package dev.assay.guardrail.decision.api;

import dev.assay.guardrail.GuardrailSettings;
import dev.assay.platform.http.RouteBodyLimit;
import io.vertx.core.http.HttpMethod;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Holds a guardrail check to {@code assay.guardrail.max-check-body-size} (413 from the platform's request
 * gate, before more of the body is read): a check is a prompt and a response, far below the platform's
 * limit for every endpoint.
 */
@ApplicationScoped
public class CheckBodyLimit implements RouteBodyLimit {
  private static final String PATH = "/api/v1/guardrail/check";

  private final long maxBytes;

  public CheckBodyLimit(GuardrailSettings settings) {
    this.maxBytes = settings.maxCheckBodySize().asLongValue();
  }

  @Override
  public boolean applies(HttpMethod method, String path) {
    return HttpMethod.POST.equals(method) && path.equals(PATH);
  }

  @Override
  public long maxBytes() {
    return maxBytes;
  }

  @Override
  public String setting() {
    return "assay.guardrail.max-check-body-size";
  }
}
