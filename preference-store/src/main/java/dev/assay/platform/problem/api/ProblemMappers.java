package dev.assay.platform.problem.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.assay.platform.identity.TooManyAttemptsException;
import dev.assay.platform.problem.Problem;
import dev.assay.platform.problem.ProblemException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpClosedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Maps every failure to a {@link Problem}; stack traces stay in the server log. */
public class ProblemMappers {
  private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

  @ServerExceptionMapper
  public Response problem(ProblemException e) {
    return respond(e.toProblem());
  }

  @ServerExceptionMapper
  public Response unauthorized(UnauthorizedException e) {
    return unauthenticated("Authentication required: send Authorization: Bearer <api key>");
  }

  @ServerExceptionMapper
  public Response authenticationFailed(AuthenticationFailedException e) {
    return unauthenticated("The API key is unknown or revoked");
  }

  @ServerExceptionMapper
  public Response tooManyAttempts(TooManyAttemptsException e) {
    return Response.status(429)
        .header("Retry-After", e.retryAfterSeconds())
        .type(Problem.MEDIA_TYPE)
        .entity(Problem.of(429, "Too Many Requests",
            "Too many unknown API keys from your address; retry after " + e.retryAfterSeconds() + " s"))
        .build();
  }

  @ServerExceptionMapper
  public Response forbidden(ForbiddenException e) {
    return respond(Problem.of(403, "Forbidden", "Your role may not call this endpoint"));
  }

  @ServerExceptionMapper
  public Response constraintViolation(ConstraintViolationException e) {
    ConstraintViolation<?> first = e.getConstraintViolations().iterator().next();
    String field = leafName(first.getPropertyPath().toString());
    String detail =
        e.getConstraintViolations().stream()
            .map(v -> leafName(v.getPropertyPath().toString()) + " " + v.getMessage())
            .sorted()
            .collect(Collectors.joining("; "));
    return respond(Problem.of(422, "Invalid Field", detail).withField(field));
  }

  /** The request body is not JSON at all. */
  @ServerExceptionMapper
  public Response brokenJson(JsonParseException e) {
    return malformedBody(e, null);
  }

  /**
   * The body is JSON but does not fit the endpoint (a wrong type, an unknown enum value). Only input
   * exceptions are mapped here: a failure writing a response stays a 500.
   */
  @ServerExceptionMapper
  public Response mismatchedJson(MismatchedInputException e) {
    String field = e.getPath().isEmpty() ? null : e.getPath().stream()
        .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
        .collect(Collectors.joining("."));
    return malformedBody(e, field);
  }

  private static Response malformedBody(JsonProcessingException e, String field) {
    Long line = e.getLocation() == null ? null : (long) e.getLocation().getLineNr();
    String detail = "The request body is not valid JSON for this endpoint: " + e.getOriginalMessage();
    return respond(Problem.of(400, "Malformed Request Body", detail).withField(field).withLine(line));
  }

  @ServerExceptionMapper
  public Response webApplication(WebApplicationException e) {
    // The JSON reader wraps what the parser refused (a broken body, a limit) in a bare 400.
    if (brokenLimit(e) instanceof StreamConstraintsException limit) {
      boolean tooLong = limit.getOriginalMessage().contains("length") || limit.getOriginalMessage().contains("count");
      LOG.infof("Refused a request body: %s", limit.getOriginalMessage());
      return respond(Problem.of(tooLong ? 413 : 400, tooLong ? "Content Too Large" : "Malformed Request Body",
          "The request body breaks a JSON limit: " + limit.getOriginalMessage()));
    }
    if (e.getCause() instanceof JsonProcessingException broken) {
      LOG.infof("Refused a request body: %s", broken.getOriginalMessage());
      return malformedBody(broken, null);
    }
    int status = e.getResponse().getStatus();
    String title = e.getResponse().getStatusInfo().getReasonPhrase();
    return respond(Problem.of(status, title, e.getMessage()));
  }

  @ServerExceptionMapper
  public Response clientGone(HttpClosedException e) {
    // The client hung up mid-request (a cancelled upload, a killed rater): nothing failed on this side.
    LOG.debugf("Client closed the connection before the request was served: %s", e.getMessage());
    return respond(Problem.of(499, "Client Closed Request", "the connection was closed before the request was read"));
  }

  @ServerExceptionMapper
  public Response unexpected(Exception e) {
    if (isUnstorableText(e)) {
      // A text that reached PostgreSQL by a way the request guards do not see (a free-form JSON value).
      LOG.debugf("Refused a text PostgreSQL cannot store: %s", e.getMessage());
      return respond(Problem.of(422, "Invalid Field",
          "a text contains U+0000 or an unpaired surrogate, which cannot be stored"));
    }
    if (databaseUnavailable(e)) {
      // PostgreSQL restarting or out of reach: nothing is wrong with the request, so the client may retry.
      LOG.warnf("Answered 503: the database is unavailable (%s)", e.getMessage());
      return Response.status(503).header("Retry-After", "2").type(Problem.MEDIA_TYPE)
          .entity(Problem.of(503, "Service Unavailable", "The database is unavailable; retry in a moment"))
          .build();
    }
    LOG.error("Unexpected failure while serving a request", e);
    return respond(
        Problem.of(500, "Internal Server Error", "An unexpected error occurred; it has been logged"));
  }

  /**
   * A connection that broke or could not be had: SQLSTATE class 08 (connection exception), 57P01-57P03
   * (the server shutting down or starting), or the pool giving up waiting for a connection. A commit
   * that fails that way carries the driver's exception as a suppressed one of the transaction
   * manager's RollbackException, so those are searched too.
   */
  private static boolean databaseUnavailable(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLException sql) {
        String state = sql.getSQLState();
        if (state != null && (state.startsWith("08") || state.startsWith("57P0"))
            || String.valueOf(sql.getMessage()).startsWith("Acquisition timeout")) {
          return true;
        }
      }
      for (Throwable suppressed : cause.getSuppressed()) {
        if (databaseUnavailable(suppressed)) {
          return true;
        }
      }
    }
    return false;
  }

  /** PostgreSQL's answer to U+0000 in text (22021) or in jsonb (22P05), wherever it was wrapped. */
  private static boolean isUnstorableText(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLException sql && ("22021".equals(sql.getSQLState()) || "22P05".equals(sql.getSQLState()))) {
        return true;
      }
    }
    return false;
  }

  private static Response unauthenticated(String detail) {
    return Response.status(401)
        .header("WWW-Authenticate", "Bearer")
        .type(Problem.MEDIA_TYPE)
        .entity(Problem.of(401, "Unauthorized", detail))
        .build();
  }

  static Response respond(Problem problem) {
    return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
  }

  private static Throwable brokenLimit(Throwable e) {
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      if (cause instanceof StreamConstraintsException) {
        return cause;
      }
    }
    return null;
  }

  private static String leafName(String path) {
    // "create.request.name" -> "name": clients know the body's fields, not the Java method.
    int dot = path.lastIndexOf('.');
    return dot < 0 ? path : path.substring(dot + 1);
  }
}
