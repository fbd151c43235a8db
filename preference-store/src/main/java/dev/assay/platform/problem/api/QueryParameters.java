package dev.assay.platform.problem.api;

import dev.assay.platform.problem.ProblemException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Query parameters read the same way by every resource, with a 422 naming the parameter when malformed. */
public final class QueryParameters {
  private QueryParameters() {}

  /** An ISO-8601 instant, or null when the parameter is absent or blank. */
  public static Instant instant(String field, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw ProblemException.invalid(field, field + " must be an ISO-8601 instant such as 2026-11-23T10:00:00Z");
    }
  }

  /** An ISO-8601 duration, or null when the parameter is absent or blank. */
  public static Duration duration(String field, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Duration.parse(value);
    } catch (DateTimeParseException e) {
      throw ProblemException.invalid(field, field + " must be an ISO-8601 duration such as PT1H");
    }
  }
}
