package dev.assay.platform.problem;

import java.util.Map;

/**
 * A failure the client caused or can act on, carried to the REST layer as a {@link Problem}. Services
 * throw it with the status that describes the failure; resources stay free of error handling.
 */
public class ProblemException extends RuntimeException {
  private final int status;
  private final String title;
  private final String field;
  private final Long line;
  private final Map<String, Object> extensions;

  public ProblemException(int status, String title, String detail, String field, Long line) {
    super(detail);
    this.status = status;
    this.title = title;
    this.field = field;
    this.line = line;
    this.extensions = Map.of();
  }

  /**
   * A failure whose body carries extension members beside the standard ones (RFC 9457 §3.2), e.g. the
   * report of a refused promotion.
   */
  public ProblemException(int status, String title, String detail, Map<String, Object> extensions) {
    super(detail);
    this.status = status;
    this.title = title;
    this.field = null;
    this.line = null;
    this.extensions = Map.copyOf(extensions);
  }

  public static ProblemException notFound(String what, Object id) {
    return new ProblemException(404, "Not Found", what + " " + id + " does not exist", null, null);
  }

  public static ProblemException invalid(String field, String detail) {
    return new ProblemException(422, "Invalid Field", detail, field, null);
  }

  public static ProblemException forbidden(String detail) {
    return new ProblemException(403, "Forbidden", detail, null, null);
  }

  public static ProblemException conflict(String detail) {
    return new ProblemException(409, "Conflict", detail, null, null);
  }

  public Problem toProblem() {
    return Problem.of(status, title, getMessage()).withField(field).withLine(line).withExtensions(extensions);
  }

  public int status() {
    return status;
  }
}
