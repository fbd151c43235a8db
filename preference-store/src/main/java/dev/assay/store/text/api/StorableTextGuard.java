package dev.assay.store.text.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.JsonNodeDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.assay.platform.problem.Problem;
import dev.assay.store.text.StorableText;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Applies {@link StorableText} to every REST request of every module, so no endpoint has to: each JSON
 * body string (and each text inside a free-form JSON value) as it is read, and each path and query
 * parameter before the resource runs. A refused text is a 422 naming the field or parameter, where it
 * would otherwise reach PostgreSQL and fail as a 500.
 */
@Singleton
public class StorableTextGuard implements ObjectMapperCustomizer {

  @Override
  public void customize(ObjectMapper mapper) {
    mapper.registerModule(new SimpleModule("storable-text")
        .addDeserializer(String.class, new Strings())
        .addDeserializer(JsonNode.class, new Trees()));
  }

  @ServerRequestFilter
  public Response checkParameters(ContainerRequestContext request) {
    Response refused = refuse(request.getUriInfo().getPathParameters());
    return refused != null ? refused : refuse(request.getUriInfo().getQueryParameters());
  }

  @ServerExceptionMapper
  public Response unstorable(UnstorableTextException e) {
    String field = e.field();
    return problem(field, e.getOriginalMessage());
  }

  private static Response refuse(MultivaluedMap<String, String> parameters) {
    for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
      for (String value : parameter.getValue()) {
        String problem = StorableText.problem(value);
        if (problem != null) {
          return problem(parameter.getKey(), problem);
        }
      }
    }
    return null;
  }

  private static Response problem(String field, String problem) {
    String detail = (field == null || field.isEmpty() ? "the text " : "\"" + field + "\" ") + problem;
    return Response.status(422).type(Problem.MEDIA_TYPE)
        .entity(Problem.of(422, "Invalid Field", detail).withField(field == null || field.isEmpty() ? null : field))
        .build();
  }

  private static final class Strings extends JsonDeserializer<String> {
    @Override
    public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
      String text = StringDeserializer.instance.deserialize(parser, context);
      String problem = StorableText.problem(text);
      if (problem != null) {
        throw new UnstorableTextException(parser, problem);
      }
      return text;
    }
  }

  /** Free-form JSON (a prompt as messages, say): read as usual, then every text and key checked. */
  private static final class Trees extends JsonDeserializer<JsonNode> {
    @Override
    public JsonNode deserialize(JsonParser parser, DeserializationContext context) throws IOException {
      JsonNode tree = JsonNodeDeserializer.getDeserializer(JsonNode.class).deserialize(parser, context);
      check(parser, tree);
      return tree;
    }

    @Override
    public JsonNode getNullValue(DeserializationContext context) {
      return NullNode.getInstance(); // as Jackson's own tree deserializer reads a JSON null
    }

    private static void check(JsonParser parser, JsonNode node) throws UnstorableTextException {
      if (node.isTextual()) {
        String problem = StorableText.problem(node.textValue());
        if (problem != null) {
          throw new UnstorableTextException(parser, problem);
        }
      } else if (node.isArray()) {
        for (int i = 0; i < node.size(); i++) {
          try {
            check(parser, node.get(i));
          } catch (UnstorableTextException e) {
            e.prependPath(node, i);
            throw e;
          }
        }
      } else if (node.isObject()) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
          Map.Entry<String, JsonNode> field = fields.next();
          String problem = StorableText.problem(field.getKey());
          if (problem != null) {
            throw new UnstorableTextException(parser, "has a key that " + problem);
          }
          try {
            check(parser, field.getValue());
          } catch (UnstorableTextException e) {
            e.prependPath(node, field.getKey());
            throw e;
          }
        }
      }
    }
  }
}
