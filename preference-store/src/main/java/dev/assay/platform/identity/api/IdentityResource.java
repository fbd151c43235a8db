package dev.assay.platform.identity.api;

import dev.assay.platform.identity.AppUser;
import dev.assay.platform.identity.IdentityService;
import dev.assay.platform.identity.KeySummary;
import dev.assay.platform.identity.Roles;
import dev.assay.platform.identity.UserSummary;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Admin management of users and API keys. */
@Path("/api/v1/admin")
@Tag(name = "identity")
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class IdentityResource {
  private final IdentityService identities;

  public IdentityResource(IdentityService identities) {
    this.identities = identities;
  }

  public record CreateUser(@NotBlank String username, @NotBlank String password, @NotEmpty List<String> roles) {}

  public record CreateKey(@NotBlank String owner, @NotNull String role, String label) {}

  public record RoleChange(@NotEmpty List<String> roles) {}

  /** A freshly created key: the only time its plaintext is shown. */
  public record IssuedKeyView(KeyView key, String apiKey) {}

  @POST
  @Path("/users")
  @Operation(summary = "Create a user who logs in to the UI")
  @APIResponse(responseCode = "201", description = "Created")
  @APIResponse(responseCode = "409", description = "The username is taken")
  @APIResponse(responseCode = "422", description = "A field is invalid")
  public Response createUser(@Valid @NotNull CreateUser request, UriInfo uri) {
    AppUser user = identities.createUser(request.username(), request.password(), request.roles());
    return Response.created(uri.getAbsolutePathBuilder().path(String.valueOf(user.id)).build())
        .entity(UserView.of(UserSummary.of(user)))
        .build();
  }

  @GET
  @Path("/users")
  @Operation(summary = "List users")
  @APIResponse(responseCode = "200", description = "The users")
  public List<UserView> listUsers() {
    return identities.users().stream().map(UserView::of).toList();
  }

  @PUT
  @Path("/users/{username}/roles")
  @Operation(summary = "Replace a user's roles")
  @APIResponse(responseCode = "200", description = "The user with the new roles")
  @APIResponse(responseCode = "404", description = "No such user")
  @APIResponse(responseCode = "422", description = "No role, or an unknown one")
  public UserView setRoles(@PathParam("username") String username, @Valid @NotNull RoleChange request) {
    return UserView.of(identities.setRoles(username, request.roles()));
  }

  @POST
  @Path("/users/{username}/deactivate")
  @Consumes(MediaType.WILDCARD) // no body
  @Operation(summary = "Deactivate a user: no login, and their API keys and UI sessions stop at once")
  @APIResponse(responseCode = "200", description = "The deactivated user")
  @APIResponse(responseCode = "404", description = "No such user")
  public UserView deactivate(@PathParam("username") String username) {
    return UserView.of(identities.setActive(username, false));
  }

  @POST
  @Path("/users/{username}/reactivate")
  @Consumes(MediaType.WILDCARD) // no body
  @Operation(summary = "Reactivate a deactivated user; their unrevoked API keys work again")
  @APIResponse(responseCode = "200", description = "The reactivated user")
  @APIResponse(responseCode = "404", description = "No such user")
  public UserView reactivate(@PathParam("username") String username) {
    return UserView.of(identities.setActive(username, true));
  }

  @POST
  @Path("/api-keys")
  @Operation(summary = "Create an API key scoped to one role; the key is shown once")
  @APIResponse(responseCode = "201", description = "Created")
  @APIResponse(responseCode = "422", description = "Unknown role or owner")
  public Response createKey(@Valid @NotNull CreateKey request, UriInfo uri) {
    IdentityService.IssuedKey issued = identities.createKey(request.owner(), request.role(), request.label());
    return Response.created(uri.getAbsolutePathBuilder().path(String.valueOf(issued.key().id)).build())
        .entity(new IssuedKeyView(KeyView.of(KeySummary.of(issued.key())), issued.plaintext()))
        .build();
  }

  @GET
  @Path("/api-keys")
  @Operation(summary = "List API keys (without secrets)")
  @APIResponse(responseCode = "200", description = "The keys")
  public List<KeyView> listKeys() {
    return identities.keys().stream().map(KeyView::of).toList();
  }

  @DELETE
  @Path("/api-keys/{id}")
  @Operation(summary = "Revoke an API key; it stops working at once")
  @APIResponse(responseCode = "200", description = "Revoked")
  @APIResponse(responseCode = "404", description = "No such key")
  public KeyView revokeKey(@PathParam("id") long id) {
    return KeyView.of(KeySummary.of(identities.revokeKey(id)));
  }
}
