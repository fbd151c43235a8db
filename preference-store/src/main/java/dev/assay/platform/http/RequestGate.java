package dev.assay.platform.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.platform.problem.Problem;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Runs before every other route and refuses early what no endpoint should read:
 *
 * <ul>
 *   <li>a body over {@code assay.http.max-body-size} anywhere but the upload routes (REST dataset
 *       imports and the UI's upload targets, which stream to disk under the global 4 GiB limit): 413,
 *       decided from Content-Length before a byte is read; a body of unknown length (chunked) is refused
 *       there with 411, so no JSON endpoint or UI request ever buffers an unbounded body. A classifier's
 *       archive (streamed to disk as well) is held to {@code assay.http.max-model-upload-size} the same way,
 *       and a suite upload or build ({@code POST /api/v1/suites}, {@code /api/v1/suites/builds}) to
 *       {@code assay.http.max-suite-upload-size};
 *   <li>the metrics and the API docs (OpenAPI, Swagger UI) unless exposed by setting: 404;
 *   <li>the metrics to a caller without {@code Authorization: Bearer <assay.metrics.token>} when that
 *       token is set (401), or, when it is not, to a caller on another machine (403): a loopback demo
 *       is scraped by a Prometheus on the same host, a server reachable from the network by the token.
 * </ul>
 */
@ApplicationScoped
public class RequestGate {
  private static final Logger LOG = Logger.getLogger(RequestGate.class);
  // Vert.x orders routes ascending; Quarkus's own (security, metrics, REST, the UI) come later.
  private static final int ORDER = -10_000;
  private static final Pattern UPLOAD = Pattern.compile("/api/v1/datasets/[^/]+/imports|/VAADIN/dynamic/resource/.*");
  private static final String MODEL_UPLOAD = "/api/v1/models/classifiers";
  private static final Pattern LITERAL_IPV4 = Pattern.compile("[0-9.]+");
  private static final Pattern SUITE_UPLOAD = Pattern.compile("/api/v1/suites(/builds)?/?");

  private final ObjectMapper json;
  private final long maxBodyBytes;
  private final long maxModelUploadBytes;
  private final long maxSuiteUploadBytes;
  private final boolean exposeMetrics;
  private final boolean exposeApiDocs;
  private final byte[] metricsAuthorization;

  public RequestGate(
      ObjectMapper json,
      @ConfigProperty(name = "assay.http.max-body-size", defaultValue = "4M") MemorySize maxBodySize,
      @ConfigProperty(name = "assay.http.max-model-upload-size", defaultValue = "1G") MemorySize maxModelUploadSize,
      @ConfigProperty(name = "assay.http.max-suite-upload-size", defaultValue = "64M") MemorySize maxSuiteUploadSize,
      @ConfigProperty(name = "assay.expose.metrics", defaultValue = "false") boolean exposeMetrics,
      @ConfigProperty(name = "assay.expose.api-docs", defaultValue = "false") boolean exposeApiDocs,
      @ConfigProperty(name = "assay.metrics.token") Optional<String> metricsToken) {
    this.json = json;
    this.maxBodyBytes = maxBodySize.asLongValue();
    this.maxModelUploadBytes = maxModelUploadSize.asLongValue();
    this.maxSuiteUploadBytes = maxSuiteUploadSize.asLongValue();
    this.exposeMetrics = exposeMetrics;
    this.exposeApiDocs = exposeApiDocs;
    this.metricsAuthorization = metricsToken.filter(token -> !token.isBlank())
        .map(token -> ("Bearer " + token).getBytes(StandardCharsets.UTF_8)).orElse(null);
  }

  void install(@Observes Router router) {
    router.route().order(ORDER).handler(this::check);
  }

  private void check(RoutingContext context) {
    String path = context.normalizedPath();
    if (!exposeMetrics && path.startsWith("/q/metrics")
        || !exposeApiDocs && (path.startsWith("/q/swagger-ui") || path.startsWith("/q/openapi"))) {
      refuse(context, Problem.of(404, "Not Found", "no such resource: " + path));
      return;
    }
    if (path.startsWith("/q/metrics")) {
      Problem refused = metricsRefusal(context);
      if (refused != null) {
        if (refused.status() == 401) {
          context.response().putHeader("WWW-Authenticate", "Bearer realm=\"metrics\"");
        }
        refuse(context, refused);
        return;
      }
    }
    if (UPLOAD.matcher(path).matches()) {
      context.next();
      return;
    }
    long limit = path.equals(MODEL_UPLOAD) ? maxModelUploadBytes
        : SUITE_UPLOAD.matcher(path).matches() ? maxSuiteUploadBytes : maxBodyBytes;
    String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length == null && context.request().getHeader(HttpHeaders.TRANSFER_ENCODING) != null) {
      LOG.infof("Refused a body of unknown length for %s %s", context.request().method(), path);
      refuse(context, Problem.of(411, "Length Required",
          "send Content-Length: bodies here are limited to " + limit + " bytes"));
      return;
    }
    long declared = parse(length);
    if (declared > limit) {
      LOG.infof("Refused a body of %d bytes (limit %d) for %s %s", declared, limit,
          context.request().method(), path);
      refuse(context, Problem.of(413, "Content Too Large",
          "the body has " + declared + " bytes; this endpoint accepts at most " + limit));
      return;
    }
    context.next();
  }

  /** Why this caller may not read the metrics, or null when it may. */
  private Problem metricsRefusal(RoutingContext context) {
    if (metricsAuthorization != null) {
      String given = context.request().getHeader(HttpHeaders.AUTHORIZATION);
      // compared in constant time: the token is a secret
      return given != null && MessageDigest.isEqual(metricsAuthorization, given.getBytes(StandardCharsets.UTF_8))
          ? null
          : Problem.of(401, "Unauthorized", "the metrics need Authorization: Bearer with the metrics token");
    }
    SocketAddress caller = context.request().remoteAddress();
    return caller != null && isLoopback(caller.hostAddress())
        ? null
        : Problem.of(403, "Forbidden",
            "the metrics answer callers on this machine only unless a metrics token is set (assay.metrics.token)");
  }

  private static boolean isLoopback(String address) {
    // only literal addresses are parsed (a host name could be looked up, and would not be a peer's address)
    if (address == null || !(LITERAL_IPV4.matcher(address).matches() || address.indexOf(':') >= 0)) {
      return false;
    }
    try {
      return InetAddress.getByName(address).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static long parse(String length) {
    try {
      return length == null ? 0 : Long.parseLong(length.trim());
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }

  private void refuse(RoutingContext context, Problem problem) {
    String body;
    try {
      body = json.writeValueAsString(problem);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    // the unread body is not drained: closing is cheaper than reading what was refused
    context.response().setStatusCode(problem.status())
        .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
        .putHeader(HttpHeaders.CONNECTION, "close")
        .end(body);
  }
}
