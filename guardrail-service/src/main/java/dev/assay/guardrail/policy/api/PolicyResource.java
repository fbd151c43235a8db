package dev.assay.guardrail.policy.api;

import dev.assay.guardrail.engine.GuardrailEngine;
import dev.assay.guardrail.policy.CalibrationService;
import dev.assay.guardrail.policy.Policy;
import dev.assay.guardrail.policy.PolicyDraft;
import dev.assay.guardrail.policy.PolicyReleases;
import dev.assay.guardrail.policy.PolicyService;
import dev.assay.guardrail.policy.document.PolicyDocument;
import dev.assay.guardrail.policy.document.PolicyDocuments;
import dev.assay.guardrail.scoring.PromptInput;
import dev.assay.platform.identity.Roles;
import dev.assay.platform.problem.ProblemException;
import dev.assay.store.record.Message;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Guardrail policies: named, versioned, never edited in place. A policy is either a document of ordered
 * checks ({@code POST /{name}/documents}) or, as before documents, a single reward threshold.
 */
@Path("/api/v1/guardrail/policies")
@Tag(name = "guardrail")
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class PolicyResource {
  static final String YAML = "application/yaml";
  private final PolicyService policies;
  private final CalibrationService calibration;
  private final PolicyReleases releases;
  private final SecurityIdentity caller;

  public PolicyResource(PolicyService policies, CalibrationService calibration, PolicyReleases releases,
      SecurityIdentity caller) {
    this.policies = policies;
    this.calibration = calibration;
    this.releases = releases;
    this.caller = caller;
  }

  @GET
  @RolesAllowed({Roles.ADMIN, Roles.RESEARCHER, Roles.SERVICE})
  @Operation(summary = "The production version of every policy that is not retired")
  @APIResponse(responseCode = "200", description = "The policies")
  public List<PolicyView> list() {
    return policies.list().stream().map(PolicyView::of).toList();
  }

  @POST
  @Operation(summary = "Create a policy, or the next version of an existing one; it goes into production at once"
      + " unless ?candidate=true or the policy has gating suites (then promote it)")
  @APIResponse(responseCode = "201", description = "The new version (its stage says production or candidate);"
      + " Location points to it")
  @APIResponse(responseCode = "413", description = "The fallback response is too long")
  @APIResponse(responseCode = "422", description = "A field is missing or malformed")
  public Response create(@NotNull PolicyRequest request, @QueryParam("candidate") boolean candidate) {
    return created(policies.create(request.toDraft(null), null, user(), candidate));
  }

  @GET
  @Path("/{name}")
  @RolesAllowed({Roles.ADMIN, Roles.RESEARCHER, Roles.SERVICE})
  @Operation(summary = "The production version of a policy (the one checks use)")
  @APIResponse(responseCode = "200", description = "The policy")
  @APIResponse(responseCode = "404", description = "No such policy, it is retired, or it has only candidates")
  public PolicyView get(@PathParam("name") String name) {
    return PolicyView.of(policies.resolve(name, null));
  }

  @GET
  @Path("/{name}/versions")
  @Operation(summary = "Every version of a policy, newest first")
  @APIResponse(responseCode = "200", description = "The versions")
  @APIResponse(responseCode = "404", description = "No such policy")
  public List<PolicyView> versions(@PathParam("name") String name) {
    return policies.versions(name).stream().map(PolicyView::of).toList();
  }

  @GET
  @Path("/{name}/versions/{version}")
  @Operation(summary = "One version of a policy")
  @APIResponse(responseCode = "200", description = "The version")
  @APIResponse(responseCode = "404", description = "No such policy or version")
  public PolicyView version(@PathParam("name") String name, @PathParam("version") int version) {
    return PolicyView.of(versionOf(name, version));
  }

  @POST
  @Path("/{name}/versions")
  @Operation(summary = "A new version of a policy; fields left out are kept from the latest version. Production at"
      + " once unless ?candidate=true or the policy has gating suites")
  @APIResponse(responseCode = "201", description = "The new version (its stage says production or candidate)")
  @APIResponse(responseCode = "413", description = "The fallback response is too long")
  @APIResponse(responseCode = "422", description = "A field is malformed")
  public Response newVersion(@PathParam("name") String name, @NotNull PolicyRequest request,
      @QueryParam("candidate") boolean candidate) {
    return created(policies.create(request.toDraft(name), null, user(), candidate));
  }

  @POST
  @Path("/{name}/documents")
  @Consumes({MediaType.APPLICATION_JSON, YAML, "application/x-yaml", "text/yaml"})
  @Operation(summary = "Create a policy, or its next version, from a policy document (JSON, or YAML with"
      + " Content-Type application/yaml): ordered input and output checks with their actions. Production at once"
      + " unless ?candidate=true or the policy has gating suites")
  @APIResponse(responseCode = "201", description = "The new version; Location points to it")
  @APIResponse(responseCode = "413", description = "The fallback response is too long")
  @APIResponse(responseCode = "422", description = "The document is malformed: the problem names the field, e.g."
      + " output[1].threshold, or the line of a syntax error")
  public Response createDocument(@PathParam("name") String name, @HeaderParam("Content-Type") String contentType,
      @QueryParam("candidate") boolean candidate, String body) {
    boolean yaml = contentType != null && contentType.contains("yaml");
    return created(policies.createDocument(name, PolicyDocuments.parse(body, yaml), user(), candidate));
  }

  @POST
  @Path("/{name}/versions/{version}/promote")
  @Consumes(MediaType.WILDCARD) // no body
  @Operation(summary = "Put a version into production through the policy's gating suites (see /api/v1/release-gates)")
  @APIResponse(responseCode = "200", description = "In production; every gating suite's verdict")
  @APIResponse(responseCode = "404", description = "No such policy or version")
  @APIResponse(responseCode = "409", description = "Already in production, a retirement, or refused by a gating suite:"
      + " the problem's member \"gate\" lists the suites, their metrics (candidate and production) and failing probes")
  public PolicyReleases.Promotion promote(@PathParam("name") String name, @PathParam("version") int version) {
    return releases.promote(name, version, user());
  }

  @POST
  @Path("/{name}/rollback")
  @Consumes(MediaType.WILDCARD) // no body
  @Operation(summary = "Bring back the version of a policy served before the current one")
  @APIResponse(responseCode = "200", description = "Rolled back: the version taken out and the one served again")
  @APIResponse(responseCode = "404", description = "No such policy")
  @APIResponse(responseCode = "409", description = "No version was in production before the current one")
  public PolicyReleases.Rollback rollback(@PathParam("name") String name) {
    return releases.rollback(name, user());
  }

  @GET
  @Path("/{name}/document")
  @Produces({MediaType.APPLICATION_JSON, YAML})
  @RolesAllowed({Roles.ADMIN, Roles.RESEARCHER, Roles.SERVICE})
  @Operation(summary = "The document of a policy's latest version (an older single-threshold version reads as"
      + " one reward check)")
  @APIResponse(responseCode = "200", description = "The policy document, in YAML when the caller accepts"
      + " application/yaml")
  @APIResponse(responseCode = "404", description = "No such policy, or it is retired")
  public PolicyDocument document(@PathParam("name") String name) {
    return GuardrailEngine.documentOf(policies.resolve(name, null));
  }

  @GET
  @Path("/{name}/versions/{version}/document")
  @Produces({MediaType.APPLICATION_JSON, YAML})
  @Operation(summary = "The document of one version of a policy")
  @APIResponse(responseCode = "200", description = "The policy document")
  @APIResponse(responseCode = "404", description = "No such policy or version")
  public PolicyDocument versionDocument(@PathParam("name") String name, @PathParam("version") int version) {
    return GuardrailEngine.documentOf(versionOf(name, version));
  }

  @DELETE
  @Path("/{name}")
  @Operation(summary = "Retire a policy: a last version that checks refuse with 404")
  @APIResponse(responseCode = "200", description = "The retiring version")
  @APIResponse(responseCode = "404", description = "No such policy, or already retired")
  public PolicyView retire(@PathParam("name") String name) {
    return PolicyView.of(policies.retire(name, user()));
  }

  @POST
  @Path("/{name}/calibrations")
  @Operation(summary = "Calibrate the threshold for a target false-positive rate on labelled data; stores a new"
      + " version with the calibration report. For a policy document, \"check\" names the classifier or reward"
      + " check to calibrate; its threshold is bound to the model version that scored")
  @APIResponse(responseCode = "201", description = "The calibrated version, with precision, recall, FPR and n")
  @APIResponse(responseCode = "404", description = "No such policy (for a check) or snapshot")
  @APIResponse(responseCode = "409", description = "A policy document calibrated without naming a check, or its"
      + " model changed during the calibration")
  @APIResponse(responseCode = "422", description = "A field is missing or malformed, the check is not a"
      + " classifier or reward check of the policy, or no usable data")
  @APIResponse(responseCode = "503", description = "The model to score with is not in production")
  public Response calibrate(@PathParam("name") String name, @NotNull CalibrationRequest request) {
    if (request.targetFpr() == null) {
      throw ProblemException.invalid("target_fpr", "target_fpr is required, e.g. 0.05");
    }
    List<CalibrationService.Example> examples = null;
    if (request.examples() != null) {
      examples = new ArrayList<>();
      for (int i = 0; i < request.examples().size(); i++) {
        CalibrationRequest.LabelledExample example = request.examples().get(i);
        String field = "examples[" + i + "]";
        if (example == null || example.response() == null) {
          throw ProblemException.invalid(field + ".response", field + ".response is required");
        }
        if (!"good".equals(example.label()) && !"bad".equals(example.label())) {
          throw ProblemException.invalid(field + ".label", field + ".label must be good or bad");
        }
        List<Message> prompt = PromptInput.parse(example.prompt());
        examples.add(new CalibrationService.Example(prompt, example.response(), "bad".equals(example.label())));
      }
    }
    CalibrationService.Source source = new CalibrationService.Source(request.dataset(), request.snapshotId(),
        request.split(), examples, request.maxPairs() == null ? 0 : request.maxPairs());
    if (request.check() != null) {
      return created(calibration.calibrateCheck(name, request.check(), source, request.targetFpr(), user()));
    }
    PolicyDraft draft = new PolicyDraft(name, null, request.action(), request.fallbackResponse(),
        request.onNoModel(), request.description());
    return created(calibration.calibrate(draft, source, request.targetFpr(), user()));
  }

  private Policy versionOf(String name, int version) {
    return policies.versions(name).stream().filter(p -> p.version == version).findFirst()
        .orElseThrow(() -> ProblemException.notFound("policy", name + " version " + version));
  }

  private Response created(Policy policy) {
    return Response.created(URI.create("/api/v1/guardrail/policies/" + policy.name + "/versions/" + policy.version))
        .entity(PolicyView.of(policy)).build();
  }

  private String user() {
    return caller.getPrincipal().getName();
  }
}
