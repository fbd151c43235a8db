package dev.assay.platform.http;

import dev.assay.platform.io.LimitedInputStream;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.io.ByteArrayInputStream;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Carries the {@link RequestGate}'s decisions on bodies of unknown length into REST: a body the gate has
 * read already is handed on (REST's non-blocking reader would see the request ended and read nothing);
 * a streamed one (an upload) is counted as the endpoint reads it and fails with 413 past its route's
 * limit, the connection closed after the answer so the rest is never read.
 */
public class RestBodies {
  private final CurrentVertxRequest current;

  public RestBodies(CurrentVertxRequest current) {
    this.current = current;
  }

  @ServerRequestFilter(preMatching = true)
  public void applyTheGatesLimit(ContainerRequestContext request) {
    RoutingContext context = current.getCurrent();
    if (context == null) {
      return;
    }
    Buffer read = context.body().buffer();
    if (read != null) {
      request.setEntityStream(new ByteArrayInputStream(read.getBytes()));
      return;
    }
    RequestGate.Limit streamed = context.get(RequestGate.STREAMED_LIMIT);
    if (streamed != null) {
      request.setEntityStream(new LimitedInputStream(request.getEntityStream(), streamed.maxBytes(), () -> {
        RequestGate.closeAfterAnswer(context);
        return RequestGate.tooLarge("the body is longer than " + streamed.maxBytes() + " bytes", streamed);
      }));
    }
  }
}
