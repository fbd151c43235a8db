package dev.assay.platform.problem.api;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;

/**
 * REST bodies are read strictly: a field the endpoint does not know is a 400 naming it, so a misspelt
 * {@code ratingsRequierd} is reported instead of silently falling back to a default, and a body of more
 * than {@link #MAX_TOKENS} tokens is refused while it is read. Only the REST layer: events and stored
 * documents stay lenient so that older readers accept newer writers.
 */
@Provider
public class StrictRequestJson implements ContextResolver<ObjectMapper> {
  /**
   * Tokens (values, names, brackets) in one request body. Lists are capped while they are parsed, not
   * after a million-element list was built; the largest legitimate bodies (a calibration set, a campaign's
   * item ids) stay well under it.
   */
  static final long MAX_TOKENS = 200_000;

  private final ObjectMapper strict;

  public StrictRequestJson(ObjectMapper application) {
    this.strict = application.copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    // copy() gave the REST mapper a factory of its own: the token cap applies to request bodies only
    StreamReadConstraints limits = strict.getFactory().streamReadConstraints();
    strict.getFactory().setStreamReadConstraints(limits.rebuild().maxTokenCount(MAX_TOKENS).build());
  }

  @Override
  public ObjectMapper getContext(Class<?> type) {
    return strict;
  }
}
