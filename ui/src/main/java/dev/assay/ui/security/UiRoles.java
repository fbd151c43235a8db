package dev.assay.ui.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The roles that may open a view, checked by {@link AccessGuard} against the UI session's user.
 *
 * <p>Not {@code jakarta.annotation.security.RolesAllowed}: views are CDI beans, and Quarkus Security
 * turns {@code @RolesAllowed} on a bean into an interceptor that checks every method call against the
 * Quarkus security identity. The UI logs users in to its own session (REST uses API keys), so that
 * identity is anonymous in a view and every call would fail with {@code UnauthorizedException}.
 * {@code @PermitAll} (any logged-in user) is fine: its interceptor lets everything through.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface UiRoles {
  String[] value();
}
