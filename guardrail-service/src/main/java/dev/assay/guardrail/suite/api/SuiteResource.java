package dev.assay.guardrail.suite.api;

import dev.assay.guardrail.suite.StoredSuite;
import dev.assay.guardrail.suite.SuiteService;
import dev.assay.guardrail.suite.SuiteStore;
import dev.assay.platform.identity.Roles;
import dev.assay.platform.problem.ProblemException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * Red-team, over-refusal and bias suites: named, versioned sets of probes, uploaded as suite files, built
 * on the server from the public safety files, or grown one probe at a time.
 */
@Path("/api/v1/suites")
@Tag(name = "suites")
@RolesAllowed({Roles.ADMIN, Roles.RESEARCHER})
@Produces(MediaType.APPLICATION_JSON)
public class SuiteResource {
  static final String JSON_LINES = "application/x-ndjson";

  private final SuiteService suites;
  private final SuiteStore store;
  private final SecurityIdentity caller;

  public SuiteResource(SuiteService suites, SuiteStore store, SecurityIdentity caller) {
    this.suites = suites;
    this.store = store;
    this.caller = caller;
  }

  @GET
  @Operation(summary = "The latest version of every suite, without probes")
  @APIResponse(responseCode = "200", description = "The suites, by name")
  public List<SuiteView> list() {
    return store.list().stream().map(SuiteView::of).toList();
  }

  @POST
  // Any type: a suite file is sent as JSON lines, plain text or gzip, and security answers before a type check.
  @Consumes(MediaType.WILDCARD)
  @Operation(summary = "Upload a suite file (JSON lines: a header {\"suite\",\"kind\",...} then one probe a line,"
      + " gzipped or not) as the next version of the suite it names")
  @APIResponse(responseCode = "201", description = "Saved; Location points to the new version")
  @APIResponse(responseCode = "413", description = "Over assay.http.max-suite-upload-size, or its text over"
      + " assay.guardrail.max-suite-text-size")
  @APIResponse(responseCode = "422", description = "A malformed line (the problem names it), a bad name or a key"
      + " used twice")
  public Response upload(InputStream body) {
    return created(suites.upload(body, user()));
  }

  @POST
  @Path("/builds")
  @Consumes({MediaType.MULTIPART_FORM_DATA, MediaType.WILDCARD})
  @Operation(summary = "Build a suite from uploaded source files (parts: kind, name, data, questions, sample; as"
      + " ./assay suite build) and save it as the next version of its name")
  @APIResponse(responseCode = "201", description = "Built and saved; Location points to the new version")
  @APIResponse(responseCode = "413", description = "Over assay.http.max-suite-upload-size, or a file's text over"
      + " assay.guardrail.max-suite-text-size")
  @APIResponse(responseCode = "422", description = "A missing or malformed part; the problem names it and the file's"
      + " line")
  public Response build(
      @RestForm String kind,
      @RestForm String name,
      @RestForm("data") FileUpload data,
      @RestForm("questions") FileUpload questions,
      @RestForm String sample) {
    return created(suites.build(kind, name, upload(data), upload(questions), sample(sample), user()));
  }

  @GET
  @Path("/{name}")
  @Operation(summary = "The latest version of a suite, with its probe count")
  @APIResponse(responseCode = "200", description = "The suite")
  @APIResponse(responseCode = "404", description = "No such suite")
  public SuiteView latest(@PathParam("name") String name) {
    return SuiteView.of(suites.latest(name));
  }

  @GET
  @Path("/{name}/versions")
  @Operation(summary = "Every version of a suite, newest first")
  @APIResponse(responseCode = "200", description = "The versions")
  @APIResponse(responseCode = "404", description = "No such suite")
  public List<SuiteView> versions(@PathParam("name") String name) {
    return suites.versions(name).stream().map(SuiteView::of).toList();
  }

  @GET
  @Path("/{name}/versions/{version}")
  @Operation(summary = "One version of a suite, with its probe count")
  @APIResponse(responseCode = "200", description = "The version")
  @APIResponse(responseCode = "404", description = "No such suite or version")
  public SuiteView version(@PathParam("name") String name, @PathParam("version") int version) {
    return SuiteView.of(suites.version(name, version));
  }

  @GET
  @Path("/{name}/versions/{version}/probes")
  @Operation(summary = "One page of a suite version's probes, in order")
  @APIResponse(responseCode = "200", description = "The page and the total")
  @APIResponse(responseCode = "404", description = "No such suite or version")
  @APIResponse(responseCode = "422", description = "page below 0 or size outside 1-1000")
  public ProbePageView probes(@PathParam("name") String name, @PathParam("version") int version,
      @QueryParam("page") @DefaultValue("0") int page, @QueryParam("size") @DefaultValue("100") int size) {
    return ProbePageView.of(store.probes(suites.version(name, version).id(), page, size));
  }

  @GET
  @Path("/{name}/versions/{version}/file")
  @Produces(JSON_LINES)
  @Operation(summary = "Download a suite version as a suite file (JSON lines), as ./assay suite run reads it")
  @APIResponse(responseCode = "200", description = "The suite file")
  @APIResponse(responseCode = "404", description = "No such suite or version")
  public Response file(@PathParam("name") String name, @PathParam("version") int version) {
    StoredSuite stored = suites.version(name, version);
    StreamingOutput body = out -> suites.write(stored, out);
    return Response.ok(body, JSON_LINES)
        .header("Content-Disposition", "attachment; filename=\"" + stored.name() + "-v" + stored.version() + ".jsonl\"")
        .build();
  }

  @POST
  @Path("/{name}/probes")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Add one probe (as a line of a suite file) to a suite: a new version with the probe at its"
      + " end; a new name makes a custom suite")
  @APIResponse(responseCode = "201", description = "The new version; Location points to it")
  @APIResponse(responseCode = "409", description = "The suite already has a probe with this key")
  @APIResponse(responseCode = "422", description = "A malformed probe or suite name; the problem names the field")
  public Response append(@PathParam("name") String name, String probe) {
    return created(suites.append(name, probe, user()));
  }

  private static SuiteService.Upload upload(FileUpload file) {
    return file == null ? null : new SuiteService.Upload(file.uploadedFile(), file.fileName());
  }

  private static Integer sample(String sample) {
    if (sample == null || sample.isBlank()) {
      return null;
    }
    try {
      return Integer.valueOf(sample.strip());
    } catch (NumberFormatException e) {
      throw ProblemException.invalid("sample", "sample must be a whole number but was '" + sample + "'");
    }
  }

  private static Response created(StoredSuite suite) {
    return Response.created(URI.create("/api/v1/suites/" + suite.name() + "/versions/" + suite.version()))
        .entity(SuiteView.of(suite)).build();
  }

  private String user() {
    return caller.getPrincipal().getName();
  }
}
