package dev.assay.platform.problem.api;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;

/**
 * REST bodies are read strictly: a field the endpoint does not know is a 400 naming it, so a misspelt
 * {@code ratingsRequierd} is reported instead of silently falling back to a default. Only the REST layer:
 * events and stored documents stay lenient so that older readers accept newer writers.
 */
@Provider
public class StrictRequestJson implements ContextResolver<ObjectMapper> {
  private final ObjectMapper strict;

  public StrictRequestJson(ObjectMapper application) {
    this.strict = application.copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }

  @Override
  public ObjectMapper getContext(Class<?> type) {
    return strict;
  }
}
