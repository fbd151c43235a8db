package dev.assay.guardrail.policy.api;

import dev.assay.guardrail.policy.document.PolicyDocument;
import dev.assay.guardrail.policy.document.PolicyDocuments;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyWriter;
import jakarta.ws.rs.ext.Provider;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;

/**
 * A policy document answered in YAML to a caller who accepts it, in the form the documents endpoint
 * reads: fetch, edit, post back.
 */
@Provider
@Produces(PolicyResource.YAML)
public class PolicyDocumentYamlWriter implements MessageBodyWriter<PolicyDocument> {
  @Override
  public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
    return PolicyDocument.class.isAssignableFrom(type);
  }

  @Override
  public void writeTo(PolicyDocument document, Class<?> type, Type genericType, Annotation[] annotations,
      MediaType mediaType, MultivaluedMap<String, Object> headers, OutputStream body) throws java.io.IOException {
    body.write(PolicyDocuments.toYaml(document).getBytes(StandardCharsets.UTF_8));
  }
}
