package dev.assay.platform.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.platform.problem.Problem;
import dev.assay.platform.problem.ProblemException;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Runs before every other route and refuses early what no endpoint should read:
 *
 * <ul>
 *   <li>a body over its route's limit: 413 problem+json. A body sent with Content-Length is judged before a
 *       byte of it is read; one of unknown length (chunked, as streaming clients send) is counted as it
 *       arrives and refused the moment it passes the limit, the connection then closed, so no more than
 *       the limit is ever held. The limit is {@code assay.http.max-body-size} (JSON endpoints and the UI's
 *       requests, whose bodies of unknown length are read here and handed on in memory), or a module's
 *       own {@link RouteBodyLimit}. Upload routes stream to disk under larger limits of their own: a
 *       dataset import {@code assay.http.max-import-upload-size}, a classifier's archive
 *       {@code assay.http.max-model-upload-size}, a suite upload or build ({@code POST /api/v1/suites},
 *       {@code /api/v1/suites/builds}) {@code assay.http.max-suite-upload-size}; their bodies of unknown
 *       length are counted as the endpoint reads them (Quarkus's own check: 413 and the connection
 *       closed). The UI's upload targets pass here unjudged, under Quarkus's global
 *       {@code quarkus.http.limits.max-body-size}: each counts its file against its REST counterpart's
 *       limit ({@link UploadLimits}) as it streams;
 *   <li>the metrics and the API docs (OpenAPI, Swagger UI) unless exposed by setting: 404;
 *   <li>the metrics to a caller without {@code Authorization: Bearer <assay.metrics.token>} when that
 *       token is set (401), or, when it is not, to a caller on another machine (403; behind a trusted
 *       proxy, the client it forwards for, see {@link ClientAddresses}): a loopback demo is scraped by a
 *       Prometheus on the same host, a server reachable from the network by the token.
 * </ul>
 */
@ApplicationScoped
public class RequestGate {
  private static final Logger LOG = Logger.getLogger(RequestGate.class);
  // Vert.x orders routes ascending; Quarkus's own (security, metrics, REST, the UI) come later.
  private static final int ORDER = -10_000;
  /** Where the limit of a streamed body of unknown length waits for {@link RestBodies}. */
  static final String STREAMED_LIMIT = RequestGate.class.getName() + ".streamed-limit";
  private static final Pattern UI_UPLOAD = Pattern.compile("/VAADIN/dynamic/resource/.*");
  private static final Pattern IMPORT_UPLOAD = Pattern.compile("/api/v1/datasets/[^/]+/imports");
  private static final String MODEL_UPLOAD = "/api/v1/models/classifiers";
  private static final Pattern SUITE_UPLOAD = Pattern.compile("/api/v1/suites(/builds)?/?");
  private static final Pattern LITERAL_IPV4 = Pattern.compile("[0-9.]+");

  /** A route's body limit; a streamed body goes to its endpoint as it arrives, any other is read here first. */
  record Limit(long maxBytes, String setting, boolean streamed) {}

  private final ObjectMapper json;
  private final ClientAddresses clientAddresses;
  private final List<RouteBodyLimit> routeLimits;
  private final Limit bodyLimit;
  private final Limit importUploadLimit;
  private final Limit modelUploadLimit;
  private final Limit suiteUploadLimit;
  private final boolean exposeMetrics;
  private final boolean exposeApiDocs;
  private final byte[] metricsAuthorization;

  public RequestGate(
      ObjectMapper json,
      ClientAddresses clientAddresses,
      Instance<RouteBodyLimit> routeLimits,
      UploadLimits uploadLimits,
      @ConfigProperty(name = "assay.http.max-body-size", defaultValue = "4M") MemorySize maxBodySize,
      @ConfigProperty(name = "assay.expose.metrics", defaultValue = "false") boolean exposeMetrics,
      @ConfigProperty(name = "assay.expose.api-docs", defaultValue = "false") boolean exposeApiDocs,
      @ConfigProperty(name = "assay.metrics.token") Optional<String> metricsToken) {
    this.json = json;
    this.clientAddresses = clientAddresses;
    this.routeLimits = routeLimits.stream().toList();
    this.bodyLimit = new Limit(maxBodySize.asLongValue(), "assay.http.max-body-size", false);
    this.importUploadLimit = streamed(uploadLimits.datasetImport());
    this.modelUploadLimit = streamed(uploadLimits.classifierArchive());
    this.suiteUploadLimit = streamed(uploadLimits.suite());
    this.exposeMetrics = exposeMetrics;
    this.exposeApiDocs = exposeApiDocs;
    this.metricsAuthorization = metricsToken.filter(token -> !token.isBlank())
        .map(token -> ("Bearer " + token).getBytes(StandardCharsets.UTF_8)).orElse(null);
  }

  private static Limit streamed(UploadLimits.Limit upload) {
    return new Limit(upload.maxBytes(), upload.setting(), true);
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
    if (UI_UPLOAD.matcher(path).matches()) {
      context.next();
      return;
    }
    HttpServerRequest request = context.request();
    Limit limit = limitFor(request.method(), path);
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length != null) {
      long declared = parse(length);
      if (declared > limit.maxBytes()) {
        LOG.infof("Refused a body of %d bytes (limit %d) for %s %s", declared, limit.maxBytes(), request.method(), path);
        refuse(context, tooLarge("the body has " + declared + " bytes", limit).toProblem());
        return;
      }
      context.next();
    } else if (!hasBodyOfUnknownLength(request)) {
      context.next();
    } else if (limit.streamed()) {
      context.put(STREAMED_LIMIT, limit);
      context.next();
    } else {
      readWithin(context, limit, path);
    }
  }

  private Limit limitFor(HttpMethod method, String path) {
    for (RouteBodyLimit routeLimit : routeLimits) {
      if (routeLimit.applies(method, path)) {
        return new Limit(routeLimit.maxBytes(), routeLimit.setting(), false);
      }
    }
    if (IMPORT_UPLOAD.matcher(path).matches()) {
      return importUploadLimit;
    }
    if (path.equals(MODEL_UPLOAD)) {
      return modelUploadLimit;
    }
    return SUITE_UPLOAD.matcher(path).matches() ? suiteUploadLimit : bodyLimit;
  }

  /**
   * A chunked HTTP/1.1 body. HTTP/2 streams are left to the server's own limit: a stream read here cannot be
   * handed on, since Vert.x refuses to pause an HTTP/2 request that has ended (every GET that upgrades with h2c
   * would fail).
   */
  private static boolean hasBodyOfUnknownLength(HttpServerRequest request) {
    return request.version() != HttpVersion.HTTP_2 && request.headers().contains(HttpHeaders.TRANSFER_ENCODING);
  }

  /** Reads a body of unknown length into memory, refusing it as soon as it passes the limit. */
  private void readWithin(RoutingContext context, Limit limit, String path) {
    HttpServerRequest request = context.request();
    Buffer body = Buffer.buffer();
    request.handler(chunk -> {
      if (context.response().ended()) {
        return; // refused already; the connection closes once the answer is out
      }
      if (body.length() + (long) chunk.length() > limit.maxBytes()) {
        LOG.infof("Refused a body of unknown length over %d bytes for %s %s", limit.maxBytes(), request.method(), path);
        closeAfterAnswer(context);
        refuse(context, tooLarge("the body is longer than " + limit.maxBytes() + " bytes", limit).toProblem());
        return;
      }
      body.appendBuffer(chunk);
    });
    request.exceptionHandler(failure -> LOG.debugf("A body of unknown length broke off for %s: %s", path, failure));
    request.endHandler(end -> {
      if (!context.response().ended()) {
        context.setBody(body);
        context.next();
      }
    });
    request.resume();
  }

  /**
   * Closes the connection once the answer is out, so the rest of a body of unknown length, which may never
   * end, is not read. Only HTTP/1.1 bodies reach here (see {@link #hasBodyOfUnknownLength}), so the
   * connection is the request's own. (A refused body of known length is left to the client, which may read
   * the answer only after sending it all.)
   */
  static void closeAfterAnswer(RoutingContext context) {
    context.addEndHandler(end -> context.request().connection().close());
  }

  static ProblemException tooLarge(String what, Limit limit) {
    return new ProblemException(413, "Content Too Large",
        what + "; this endpoint accepts at most " + limit.maxBytes() + " bytes (" + limit.setting() + ")", null, null);
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
    // behind a trusted proxy, the client it forwards for; from anyone else, the peer whatever it sends
    return isLoopback(clientAddresses.of(context.request()))
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
