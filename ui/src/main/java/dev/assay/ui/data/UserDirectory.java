package dev.assay.ui.data;

import dev.assay.platform.identity.ApiKey;
import dev.assay.platform.identity.AppUser;
import dev.assay.platform.identity.Roles;
import dev.assay.platform.problem.ProblemException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/**
 * Reads users and keys for the admin screens (as the identity REST resource does), and changes a
 * user's roles. Creating users and keys and revoking keys go through {@code IdentityService}.
 */
@ApplicationScoped
public class UserDirectory {
  /** A user as the admin screens list them. */
  public record UserView(long id, String username, List<String> roles, boolean active, Instant createdAt) {
    static UserView of(AppUser user) {
      return new UserView(user.id, user.username, List.copyOf(user.roles), user.active, user.createdAt);
    }
  }

  /** A key without its secret. */
  public record KeyView(long id, String prefix, String role, String owner, String label, Instant createdAt,
      Instant revokedAt) {
    static KeyView of(ApiKey key) {
      return new KeyView(key.id, key.prefix, key.role, key.owner, key.label, key.createdAt, key.revokedAt);
    }
  }

  public List<UserView> users() {
    return QuarkusTransaction.requiringNew().call(() ->
        AppUser.<AppUser>listAll(io.quarkus.panache.common.Sort.by("username")).stream().map(UserView::of).toList());
  }

  public List<String> usernamesWithRole(String role) {
    return users().stream().filter(u -> u.active() && u.roles().contains(role)).map(UserView::username).toList();
  }

  public List<KeyView> keys() {
    return QuarkusTransaction.requiringNew().call(() ->
        ApiKey.<ApiKey>listAll(io.quarkus.panache.common.Sort.by("id").descending()).stream().map(KeyView::of).toList());
  }

  /** Replaces a user's roles (at least one, each a known role). */
  public void setRoles(String username, List<String> roles) {
    if (roles == null || roles.isEmpty()) {
      throw ProblemException.invalid("roles", "a user needs at least one role");
    }
    roles.forEach(role -> Roles.require(role, "roles"));
    QuarkusTransaction.requiringNew().run(() -> {
      AppUser user = AppUser.findByUsername(username).orElseThrow(() -> ProblemException.notFound("user", username));
      user.roles = List.copyOf(roles);
    });
  }
}
