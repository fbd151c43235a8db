package dev.assay.platform.identity.api;

import dev.assay.platform.identity.UserSummary;
import java.time.Instant;
import java.util.List;

/** A user as listed to admins: never the password hash. */
public record UserView(long id, String username, List<String> roles, boolean active, Instant createdAt) {
  public static UserView of(UserSummary user) {
    return new UserView(user.id(), user.username(), user.roles(), user.active(), user.createdAt());
  }
}
