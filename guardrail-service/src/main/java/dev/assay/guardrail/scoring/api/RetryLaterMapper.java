package dev.assay.guardrail.scoring.api;

import dev.assay.guardrail.scoring.RetryLaterException;
import dev.assay.platform.problem.Problem;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Problem+json with {@code Retry-After} for rate limits and overload. */
public class RetryLaterMapper {
  @ServerExceptionMapper
  public Response retryLater(RetryLaterException e) {
    return Response.status(e.status())
        .header("Retry-After", String.valueOf(e.retryAfterSeconds()))
        .type(Problem.MEDIA_TYPE)
        .entity(e.toProblem())
        .build();
  }
}
