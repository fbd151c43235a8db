package dev.assay.platform.problem;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The one error body every 4xx/5xx carries: RFC 9457 {@code application/problem+json}, extended with
 * the field or line that was wrong so a client can point its user at it, and with any extension members
 * a failure carries (a refused promotion's gate report, for one), written beside the standard members.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Problem", description = "RFC 9457 problem details")
public record Problem(
    String type, String title, int status, String detail, String field, Long line, String instance,
    @JsonIgnore @Schema(hidden = true) Map<String, Object> extensions) {

  public static final String MEDIA_TYPE = "application/problem+json";

  public Problem {
    extensions = extensions == null ? Map.of() : Map.copyOf(extensions);
  }

  public static Problem of(int status, String title, String detail) {
    return new Problem("about:blank", title, status, detail, null, null, null, Map.of());
  }

  public Problem withField(String field) {
    return new Problem(type, title, status, detail, field, line, instance, extensions);
  }

  public Problem withLine(Long line) {
    return new Problem(type, title, status, detail, field, line, instance, extensions);
  }

  public Problem withExtensions(Map<String, Object> members) {
    return new Problem(type, title, status, detail, field, line, instance, members);
  }

  /** The extension members, serialised at the top level of the body. */
  @JsonAnyGetter
  Map<String, Object> extensionMembers() {
    return extensions;
  }
}
