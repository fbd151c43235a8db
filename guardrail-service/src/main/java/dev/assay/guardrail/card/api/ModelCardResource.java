package dev.assay.guardrail.card.api;

import dev.assay.guardrail.card.ModelCard;
import dev.assay.guardrail.card.ModelCardMarkdown;
import dev.assay.guardrail.card.ModelCardNotes;
import dev.assay.guardrail.card.ModelCards;
import dev.assay.platform.identity.Roles;
import dev.assay.platform.problem.ProblemException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A registered model's card, as JSON or markdown, and the notes an admin adds to it. */
@Path("/api/v1/models/{id}/card")
@Tag(name = "models")
@RolesAllowed({Roles.RESEARCHER, Roles.ADMIN})
public class ModelCardResource {
  static final String MARKDOWN = "text/markdown";

  private final ModelCards cards;
  private final ModelCardNotes notes;
  private final SecurityIdentity caller;

  public ModelCardResource(ModelCards cards, ModelCardNotes notes, SecurityIdentity caller) {
    this.cards = cards;
    this.notes = notes;
    this.caller = caller;
  }

  @GET
  @Produces({MediaType.APPLICATION_JSON, MARKDOWN})
  @Operation(summary = "The model's card: intended and out-of-scope uses, training data (snapshot hash and lineage),"
      + " evaluation with intervals, calibration, suite runs, bias audit, known failure modes and promotion history;"
      + " markdown with Accept: text/markdown or format=markdown")
  @APIResponse(responseCode = "200", description = "The card")
  @APIResponse(responseCode = "404", description = "No such model")
  @APIResponse(responseCode = "422", description = "format is neither json nor markdown")
  public Response card(@PathParam("id") long id, @QueryParam("format") String format, @Context HttpHeaders headers) {
    boolean markdown = markdown(format, headers);
    ModelCard card = cards.card(id);
    return markdown
        ? Response.ok(ModelCardMarkdown.render(card), MARKDOWN + "; charset=UTF-8").build()
        : Response.ok(card, MediaType.APPLICATION_JSON).build();
  }

  /** What an admin says about a model's use. */
  public record NotesRequest(String intendedUse, String outOfScope) {}

  @PUT
  @Path("/notes")
  @RolesAllowed(Roles.ADMIN)
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "Set the model's own intended use and out-of-scope uses, shown on its card after those of"
      + " its kind (a blank text clears one); audited")
  @APIResponse(responseCode = "200", description = "The notes as stored")
  @APIResponse(responseCode = "404", description = "No such model")
  @APIResponse(responseCode = "422", description = "A text is too long or holds U+0000; the problem names the field")
  public ModelCardNotes.Notes setNotes(@PathParam("id") long id, @NotNull NotesRequest request) {
    return notes.set(id, request.intendedUse(), request.outOfScope(), caller.getPrincipal().getName());
  }

  /** format wins over Accept; without either, JSON. */
  private static boolean markdown(String format, HttpHeaders headers) {
    if (format != null && !format.isBlank()) {
      return switch (format.trim().toLowerCase(Locale.ROOT)) {
        case "markdown", "md" -> true;
        case "json" -> false;
        default -> throw ProblemException.invalid("format", "format is json or markdown, not \"" + format + "\"");
      };
    }
    return headers.getAcceptableMediaTypes().stream().findFirst()
        .map(type -> MARKDOWN.equals(type.getType() + "/" + type.getSubtype()))
        .orElse(false);
  }
}
