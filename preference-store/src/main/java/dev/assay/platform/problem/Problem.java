package dev.assay.platform.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The one error body every 4xx/5xx carries: RFC 9457 {@code application/problem+json}, extended with
 * the field or line that was wrong so a client can point its user at it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Problem", description = "RFC 9457 problem details")
public record Problem(
    String type, String title, int status, String detail, String field, Long line, String instance) {

  public static final String MEDIA_TYPE = "application/problem+json";

  public static Problem of(int status, String title, String detail) {
    return new Problem("about:blank", title, status, detail, null, null, null);
  }

  public Problem withField(String field) {
    return new Problem(type, title, status, detail, field, line, instance);
  }

  public Problem withLine(Long line) {
    return new Problem(type, title, status, detail, field, line, instance);
  }
}
