package dev.assay.platform.identity;

import java.time.Instant;
import java.util.List;

/** A user as listed to admins: never the password hash. */
public record UserSummary(long id, String username, List<String> roles, boolean active, Instant createdAt) {
  public static UserSummary of(AppUser user) {
    return new UserSummary(user.id, user.username, List.copyOf(user.roles), user.active, user.createdAt);
  }
}
