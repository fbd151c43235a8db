package dev.assay.guardrail.decision.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.guardrail.GuardrailSettings;
import dev.assay.platform.problem.Problem;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Refuses a guardrail check whose body is over {@code assay.guardrail.max-check-body-size} with 413,
 * from its Content-Length, before a byte of it is read: a check is a prompt and a response, far below
 * the platform's limit for every endpoint. (Bodies of unknown length never get here: the platform's
 * request gate refuses them with 411.)
 */
@ApplicationScoped
public class CheckBodyLimit {
  // Right after the platform's request gate, before security and REST.
  private static final int ORDER = -9_999;
  private static final String PATH = "/api/v1/guardrail/check";

  private final ObjectMapper json;
  private final long maxBytes;

  public CheckBodyLimit(ObjectMapper json, GuardrailSettings settings) {
    this.json = json;
    this.maxBytes = settings.maxCheckBodySize().asLongValue();
  }

  void install(@Observes Router router) {
    router.post(PATH).order(ORDER).handler(this::check);
  }

  private void check(RoutingContext context) {
    String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
    long declared;
    try {
      declared = length == null ? 0 : Long.parseLong(length.trim());
    } catch (NumberFormatException e) {
      declared = Long.MAX_VALUE;
    }
    if (declared <= maxBytes) {
      context.next();
      return;
    }
    String body;
    try {
      body = json.writeValueAsString(Problem.of(413, "Content Too Large", "the check has " + declared
          + " bytes; guardrail checks accept at most " + maxBytes + " (assay.guardrail.max-check-body-size)"));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    context.response().setStatusCode(413).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
        .putHeader(HttpHeaders.CONNECTION, "close").end(body);
  }
}
