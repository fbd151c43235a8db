package dev.assay.platform.identity;

import dev.assay.platform.audit.AdminAudit;
import dev.assay.platform.digest.Sha256;
import dev.assay.platform.problem.ProblemException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Users and API keys: creation, verification, revocation.
 *
 * <p>Passwords are bcrypt-hashed (slow on purpose: they are guessable). API keys carry 256 random
 * bits, so a single SHA-256 is enough and keeps per-request verification cheap for guardrail traffic.
 */
@ApplicationScoped
public class IdentityService {
  static final String KEY_PREFIX = "assay_";
  private static final Pattern USERNAME = Pattern.compile("[a-zA-Z0-9._@-]{2,64}");
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final long KEY_CACHE_TTL_NANOS = Duration.ofSeconds(5).toNanos();
  private static final int KEY_CACHE_MAX = 10_000;

  // An unknown or revoked key stays so: remembering it briefly spares the database repeated guesses.
  private static final long UNKNOWN_KEY_TTL_NANOS = Duration.ofSeconds(30).toNanos();

  private record CachedKey(Principal principal, long verifiedAt) {}

  /** What a lookup found; {@code lasting} when the answer cannot change (unknown or revoked key). */
  private record KeyLookup(Optional<Principal> principal, boolean lasting) {}

  private record CachedUser(Optional<Principal> principal, long readAt) {}

  private final Map<String, CachedKey> verifiedKeys = new ConcurrentHashMap<>();
  private final Map<String, CachedUser> currentUsers = new ConcurrentHashMap<>();
  private final Map<String, Long> unknownKeys = new ConcurrentHashMap<>();
  private final Counter keyLookups = Metrics.counter("assay.api.key.lookups");
  private final AttemptThrottle loginsByUser;
  private final AttemptThrottle loginsByAddress;
  private final AdminAudit audit;
  // Unknown users are checked against this, so a login costs one bcrypt whether the name exists or not.
  private final String unknownUserHash = BcryptUtil.bcryptHash(randomToken(16));

  public IdentityService(ThrottleConfig throttle, AdminAudit audit) {
    loginsByUser = new AttemptThrottle(throttle.loginFailuresPerUser(), throttle.loginWindow());
    loginsByAddress = new AttemptThrottle(throttle.loginFailuresPerAddress(), throttle.loginWindow());
    this.audit = audit;
  }

  /** A key as handed out: the plaintext is shown once and never stored. */
  public record IssuedKey(ApiKey key, String plaintext) {}

  /**
   * Who a valid credential belongs to.
   *
   * @param keyId the API key presented, null for a user who logged in with a password
   */
  public record Principal(String name, List<String> roles, Long keyId) {}

  @Transactional
  public AppUser createUser(String username, String password, List<String> roles) {
    if (username == null || !USERNAME.matcher(username).matches()) {
      throw ProblemException.invalid(
          "username", "username must be 2-64 letters, digits or . _ @ - but was \"" + username + "\"");
    }
    if (password == null || password.length() < 10) {
      throw ProblemException.invalid("password", "password must be at least 10 characters");
    }
    if (roles == null || roles.isEmpty()) {
      throw ProblemException.invalid("roles", "roles must name at least one role");
    }
    roles.forEach(role -> Roles.require(role, "roles"));
    if (AppUser.findByUsername(username).isPresent()) {
      throw ProblemException.conflict("user " + username + " already exists");
    }
    AppUser user = new AppUser();
    user.username = username;
    user.passwordHash = BcryptUtil.bcryptHash(password);
    user.roles = List.copyOf(roles);
    user.persist();
    audit.record("user.create", "user:" + username, Map.of("roles", user.roles));
    return user;
  }

  @Transactional
  public List<UserSummary> users() {
    return AppUser.<AppUser>listAll(Sort.by("username")).stream().map(UserSummary::of).toList();
  }

  @Transactional
  public List<KeySummary> keys() {
    return ApiKey.<ApiKey>listAll(Sort.by("id").descending()).stream().map(KeySummary::of).toList();
  }

  /** Replaces a user's roles (at least one, each a known role). */
  @Transactional
  public UserSummary setRoles(String username, List<String> roles) {
    if (roles == null || roles.isEmpty()) {
      throw ProblemException.invalid("roles", "a user needs at least one role");
    }
    roles.forEach(role -> Roles.require(role, "roles"));
    AppUser user =
        AppUser.findByUsername(username).orElseThrow(() -> ProblemException.notFound("user", username));
    user.roles = List.copyOf(roles);
    audit.record("user.roles", "user:" + username, Map.of("roles", user.roles));
    forgetCachedStateOf(username);
    return UserSummary.of(user);
  }

  /**
   * Deactivates or reactivates a user. A deactivated user cannot log in, and their API keys and UI
   * sessions stop working at once (on every replica: see {@link IdentityChangeListener}).
   */
  @Transactional
  public UserSummary setActive(String username, boolean active) {
    AppUser user =
        AppUser.findByUsername(username).orElseThrow(() -> ProblemException.notFound("user", username));
    user.active = active;
    audit.record(active ? "user.activate" : "user.deactivate", "user:" + username, Map.of());
    forgetCachedStateOf(username);
    return UserSummary.of(user);
  }

  /**
   * The user as they are now: empty when deactivated or gone. Read at most every few seconds per user;
   * changes drop the entry at once, so a UI session re-checks its user on every request cheaply.
   */
  public Optional<Principal> currentUser(String username) {
    CachedUser cached = currentUsers.get(username);
    long now = System.nanoTime();
    if (cached != null && now - cached.readAt() < KEY_CACHE_TTL_NANOS) {
      return cached.principal();
    }
    Optional<Principal> principal = QuarkusTransaction.requiringNew().call(() -> AppUser.findByUsername(username)
        .filter(user -> user.active)
        .map(user -> new Principal(user.username, List.copyOf(user.roles), null)));
    if (currentUsers.size() >= KEY_CACHE_MAX) {
      currentUsers.clear();
    }
    currentUsers.put(username, new CachedUser(principal, now));
    return principal;
  }

  @Transactional
  public void resetPassword(String username, String password) {
    AppUser user =
        AppUser.findByUsername(username).orElseThrow(() -> ProblemException.notFound("user", username));
    if (password == null || password.length() < 10) {
      throw ProblemException.invalid("password", "password must be at least 10 characters");
    }
    user.passwordHash = BcryptUtil.bcryptHash(password);
    audit.record("user.password-reset", "user:" + username, Map.of());
  }

  /** How a login attempt ended. */
  public sealed interface LoginResult {
    record Accepted(Principal principal) implements LoginResult {}

    /** An unknown user, a wrong password or a deactivated account: the caller is not told which. */
    record Refused() implements LoginResult {}

    /** Too many failures for this user name or from this address: refused without checking. */
    record Throttled(long retryAfterSeconds) implements LoginResult {}
  }

  /**
   * Checks a UI login from a client address. Failures are counted per user name and per address; past
   * either limit every attempt is refused, even with the right password, until the window ends. The
   * password hash is read in a short transaction and bcrypt runs outside it, holding no connection.
   */
  public LoginResult login(String username, String password, String clientAddress) {
    String userKey = String.valueOf(username).toLowerCase(Locale.ROOT);
    long wait = Math.max(loginsByUser.retryAfterSeconds(userKey), loginsByAddress.retryAfterSeconds(clientAddress));
    if (wait > 0) {
      return new LoginResult.Throttled(wait);
    }
    Optional<AppUser> user = QuarkusTransaction.requiringNew().call(() -> AppUser.findByUsername(username));
    String hash = user.map(found -> found.passwordHash).orElse(unknownUserHash);
    boolean matches = BcryptUtil.matches(password == null ? "" : password, hash);
    if (matches && user.isPresent() && user.get().active) {
      loginsByUser.succeeded(userKey);
      return new LoginResult.Accepted(new Principal(user.get().username, List.copyOf(user.get().roles), null));
    }
    loginsByUser.failed(userKey);
    loginsByAddress.failed(clientAddress);
    return new LoginResult.Refused();
  }

  @Transactional
  public IssuedKey createKey(String owner, String role, String label) {
    Roles.require(role, "role");
    AppUser ownerUser = (owner == null ? Optional.<AppUser>empty() : AppUser.findByUsername(owner))
        .orElseThrow(() -> ProblemException.invalid("owner", "owner must be an existing user but was \"" + owner + "\""));
    if (!ownerUser.active) {
      throw ProblemException.invalid("owner", "user " + owner + " is deactivated");
    }
    // A key is a delegation of its owner's powers: never more than the owner has.
    if (!ownerUser.roles.contains(role)) {
      throw ProblemException.invalid("role", "a key's role must be one of its owner's; " + owner + " has "
          + ownerUser.roles);
    }
    String prefix = randomToken(6);
    String plaintext = KEY_PREFIX + prefix + "_" + randomToken(32);
    ApiKey key = new ApiKey();
    key.prefix = prefix;
    key.secretHash = Sha256.hex(plaintext);
    key.role = role;
    key.owner = owner;
    key.label = label;
    key.persist();
    audit.record("key.mint", "key:" + key.id, Map.of("owner", owner, "role", role, "prefix", prefix));
    return new IssuedKey(key, plaintext);
  }

  /** One API key as listed to admins. @throws ProblemException 404 for an unknown id */
  @Transactional
  public KeySummary key(long id) {
    ApiKey key = ApiKey.findById(id);
    if (key == null) {
      throw ProblemException.notFound("API key", id);
    }
    return KeySummary.of(key);
  }

  @Transactional
  public ApiKey revokeKey(long id) {
    ApiKey key = ApiKey.findById(id);
    if (key == null) {
      throw ProblemException.notFound("API key", id);
    }
    if (key.revokedAt == null) {
      key.revokedAt = Instant.now();
      audit.record("key.revoke", "key:" + id, Map.of("owner", key.owner, "prefix", key.prefix));
    }
    forgetCachedStateOf(key.owner);
    return key;
  }

  /** Drops a user and their keys from this replica's caches, so the next request reads them again. */
  public void forgetCachedStateOf(String username) {
    verifiedKeys.values().removeIf(cached -> cached.principal().name().equals(username));
    currentUsers.remove(username);
  }

  /** Drops every cached key and user (when changes may have been missed). */
  public void forgetAllCached() {
    verifiedKeys.clear();
    currentUsers.clear();
  }

  /**
   * Resolves a presented bearer token; empty when it is malformed, unknown, revoked or its owner is
   * deactivated. Its roles are the key's role if the owner still has it, else none.
   *
   * <p>Verified keys are cached for a few seconds, so guardrail and rater traffic do not pay a database
   * round trip per request; a revocation, role change or deactivation takes effect at once, on this replica
   * directly and on others through {@link IdentityChangeListener}.
   */
  public Optional<Principal> verifyKey(String token) {
    if (token == null || !token.startsWith(KEY_PREFIX)) {
      return Optional.empty();
    }
    String tokenHash = Sha256.hex(token);
    Optional<Principal> cached = cached(tokenHash);
    if (cached.isPresent() || knownUnknown(tokenHash)) {
      return cached;
    }
    long now = System.nanoTime();
    keyLookups.increment();
    KeyLookup lookup = QuarkusTransaction.requiringNew().call(() -> lookUpKey(token, tokenHash));
    if (lookup.lasting()) {
      if (unknownKeys.size() >= KEY_CACHE_MAX) {
        unknownKeys.clear();
      }
      unknownKeys.put(tokenHash, now);
    }
    Optional<Principal> verified = lookup.principal();
    verified.ifPresentOrElse(
        principal -> {
          if (verifiedKeys.size() >= KEY_CACHE_MAX) {
            verifiedKeys.clear();
          }
          verifiedKeys.put(tokenHash, new CachedKey(principal, now));
        },
        () -> verifiedKeys.remove(tokenHash));
    return verified;
  }

  /**
   * The owner of a key verified less than 5 s ago, without touching the database (so callers on the
   * event loop may use it); empty when the key must be looked up with {@link #verifyKey}.
   */
  public Optional<Principal> recentlyVerifiedKey(String token) {
    if (token == null || !token.startsWith(KEY_PREFIX)) {
      return Optional.empty();
    }
    return cached(Sha256.hex(token));
  }

  /** True when the token was found unknown or revoked moments ago: refuse it without a lookup. */
  public boolean recentlyRefusedKey(String token) {
    return token == null || !token.startsWith(KEY_PREFIX) || knownUnknown(Sha256.hex(token));
  }

  private boolean knownUnknown(String tokenHash) {
    Long refusedAt = unknownKeys.get(tokenHash);
    return refusedAt != null && System.nanoTime() - refusedAt < UNKNOWN_KEY_TTL_NANOS;
  }

  // Keyed by the token's hash: plaintext keys are not kept, even in memory.
  private Optional<Principal> cached(String tokenHash) {
    CachedKey cached = verifiedKeys.get(tokenHash);
    if (cached != null && System.nanoTime() - cached.verifiedAt() < KEY_CACHE_TTL_NANOS) {
      return Optional.of(cached.principal());
    }
    return Optional.empty();
  }

  private KeyLookup lookUpKey(String token, String presentedHash) {
    int end = token.indexOf('_', KEY_PREFIX.length());
    if (end < 0) {
      return new KeyLookup(Optional.empty(), true);
    }
    String prefix = token.substring(KEY_PREFIX.length(), end);
    Optional<ApiKey> key = ApiKey.<ApiKey>find("prefix", prefix)
        .firstResultOptional()
        .filter(found -> found.revokedAt == null)
        .filter(found -> MessageDigest.isEqual(
            found.secretHash.getBytes(StandardCharsets.US_ASCII),
            presentedHash.getBytes(StandardCharsets.US_ASCII)));
    if (key.isEmpty()) {
      return new KeyLookup(Optional.empty(), true);
    }
    // An owner's state can change back (reactivation), so its refusals are not remembered.
    return new KeyLookup(AppUser.findByUsername(key.get().owner)
        .filter(owner -> owner.active)
        // the key's scope meets the owner's current roles: a demoted owner's key keeps no more
        .map(owner -> new Principal(key.get().owner,
            owner.roles.contains(key.get().role) ? List.of(key.get().role) : List.of(), key.get().id)), false);
  }

  public static String randomToken(int bytes) {
    byte[] buffer = new byte[bytes];
    RANDOM.nextBytes(buffer);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(buffer).replace('_', 'x').replace('-', 'y');
  }
}
