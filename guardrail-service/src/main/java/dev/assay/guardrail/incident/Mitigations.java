package dev.assay.guardrail.incident;

import dev.assay.guardrail.policy.PolicyReleases;
import dev.assay.guardrail.scoring.KeyRateLimits;
import dev.assay.platform.audit.AdminAudit;
import dev.assay.platform.identity.ApiKey;
import dev.assay.platform.identity.IdentityService;
import dev.assay.platform.problem.ProblemException;
import dev.assay.trainer.registry.ModelRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Mitigations taken from an incident, one call each: the existing registry and policy rollbacks and
 * promotions, and API key revocation and rate limits. Each is audited as its own action (e.g.
 * {@code model.rollback}, {@code key.revoke}) and as {@code incident.mitigate} on the incident, and appended
 * to the incident's timeline. A resolved incident takes no more mitigations (409).
 */
@ApplicationScoped
public class Mitigations {
  private final IncidentService incidents;
  private final ModelRegistry registry;
  private final PolicyReleases policies;
  private final IdentityService identities;
  private final KeyRateLimits keyLimits;
  private final Clock clock;
  private final AdminAudit audit;

  public Mitigations(IncidentService incidents, ModelRegistry registry, PolicyReleases policies,
      IdentityService identities, KeyRateLimits keyLimits, Clock clock, AdminAudit audit) {
    this.incidents = incidents;
    this.registry = registry;
    this.policies = policies;
    this.identities = identities;
    this.keyLimits = keyLimits;
    this.clock = clock;
    this.audit = audit;
  }

  /**
   * Brings back the model served before the current one of a reward model kind or a classifier name.
   *
   * @param kind REWARD, PREFERENCE or CLASSIFIER
   * @param classifier the classifier's name, for CLASSIFIER
   */
  public Incident.Event rollBackModel(long incidentId, String kind, String classifier, String user) {
    unresolved(incidentId);
    if ("CLASSIFIER".equalsIgnoreCase(kind) && (classifier == null || classifier.isBlank())) {
      throw ProblemException.invalid("classifier", "classifier (its name) is required to roll back a classifier");
    }
    ModelRegistry.Rollback rollback = registry.rollback(kind, classifier, user);
    return record(incidentId, user, "rolled back " + rollback.from().version() + " to " + rollback.to().version(),
        details("model-rollback", "from", rollback.from().version(), "to", rollback.to().version(),
            "toModelId", rollback.to().id));
  }

  /** Brings back the version of a policy served before the current one. */
  public Incident.Event rollBackPolicy(long incidentId, String policy, String user) {
    unresolved(incidentId);
    requireName(policy);
    PolicyReleases.Rollback rollback = policies.rollback(policy, user);
    return record(incidentId, user, "rolled back policy " + policy + " from v" + rollback.from() + " to v"
        + rollback.to(), details("policy-rollback", "policy", policy, "from", rollback.from(), "to", rollback.to()));
  }

  /** Puts a chosen existing (stricter) version of a policy into production, through its gating suites. */
  public Incident.Event promotePolicy(long incidentId, String policy, Integer version, String user) {
    unresolved(incidentId);
    requireName(policy);
    if (version == null) {
      throw ProblemException.invalid("version", "version (of the policy to serve) is required");
    }
    PolicyReleases.Promotion promotion = policies.promote(policy, version, user);
    return record(incidentId, user, "switched policy " + policy + " to v" + version
        + (promotion.production() == null ? "" : " (was v" + promotion.production() + ")"), details("policy-promotion", "policy", policy, "from", promotion.production(), "to", version));
  }

  /** Revokes an API key: its requests are refused (401) at once. */
  public Incident.Event revokeKey(long incidentId, Long keyId, String user) {
    unresolved(incidentId);
    long id = requireKey(keyId);
    return inTransaction(() -> {
      ApiKey key = identities.revokeKey(id);
      return record(incidentId, user, "revoked API key " + id + " of " + key.owner,
          details("key-revocation", "keyId", id, "owner", key.owner, "prefix", key.prefix));
    });
  }

  /** Holds an API key to its own rate limit on scoring and guardrail calls (429 with Retry-After above it). */
  public Incident.Event rateLimitKey(long incidentId, Long keyId, double requestsPerSecond, int burst, String user) {
    unresolved(incidentId);
    long id = requireKey(keyId);
    return inTransaction(() -> {
      KeyRateLimits.Limit limit = keyLimits.set(id, requestsPerSecond, burst, user);
      return record(incidentId, user, String.format("rate-limited API key %d to %.1f requests/s (burst %d)", id,
          limit.requestsPerSecond(), limit.burst()),
          details("key-rate-limit", "keyId", id, "requestsPerSecond", requestsPerSecond, "burst", burst));
    });
  }

  private Incident.Event record(long incidentId, String user, String summary, Map<String, Object> details) {
    return inTransaction(() -> {
      audit.record("incident.mitigate", "incident:" + incidentId, details);
      return incidents.append(incidentId, clock.instant(), Incident.Event.ACTION, user, summary, details);
    });
  }

  private void unresolved(long incidentId) {
    if (incidents.get(incidentId).resolved()) {
      throw ProblemException.conflict("incident " + incidentId + " is resolved: it takes no more mitigations");
    }
  }

  private static <T> T inTransaction(Supplier<T> work) {
    return QuarkusTransaction.joiningExisting().call(work::get);
  }

  private static void requireName(String policy) {
    if (policy == null || policy.isBlank()) {
      throw ProblemException.invalid("policy", "policy (its name) is required");
    }
  }

  private static long requireKey(Long keyId) {
    if (keyId == null) {
      throw ProblemException.invalid("keyId", "keyId (the API key's id) is required");
    }
    return keyId;
  }

  private static Map<String, Object> details(String action, Object... pairs) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("mitigation", action);
    for (int i = 0; i < pairs.length; i += 2) {
      details.put((String) pairs[i], pairs[i + 1]);
    }
    return details;
  }
}
