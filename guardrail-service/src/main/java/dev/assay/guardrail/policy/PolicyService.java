package dev.assay.guardrail.policy;

import dev.assay.guardrail.GuardrailSettings;
import dev.assay.guardrail.engine.PolicyCompiler;
import dev.assay.guardrail.policy.document.PolicyDocument;
import dev.assay.guardrail.policy.document.PolicyDocuments;
import dev.assay.guardrail.release.ReleaseGateService;
import dev.assay.platform.audit.AdminAudit;
import dev.assay.platform.problem.ProblemException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Guardrail policies: every create, change, calibration or retirement inserts a new version; versions
 * are never edited. Checks use the production version unless they name one: a production pointer kept as
 * a history of releases ({@code guardrail_policy_release}). A save releases its version at once, as it
 * always did, unless it is saved as a candidate or the policy has gating suites (then it serves only once
 * promoted through them, see {@link PolicyReleases}). The production version is cached per replica for
 * {@code assay.guardrail.policy-cache-ttl} (a release on this replica is seen at once, on other replicas
 * within the TTL).
 */
@ApplicationScoped
public class PolicyService {
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
  private static final int MAX_FALLBACK = 10_000;

  private final EntityManager entityManager;
  private final GuardrailSettings settings;
  private final PolicyCompiler compiler;
  private final ReleaseGateService gates;
  private final AdminAudit audit;
  private final Map<String, Cached> latest = new ConcurrentHashMap<>();

  private record Cached(Policy policy, long loadedAt) {}

  public PolicyService(EntityManager entityManager, GuardrailSettings settings, PolicyCompiler compiler,
      ReleaseGateService gates, AdminAudit audit) {
    this.entityManager = entityManager;
    this.settings = settings;
    this.compiler = compiler;
    this.gates = gates;
    this.audit = audit;
  }

  /**
   * Creates the next version of a policy (version 1 for a new name), released unless the policy is gated: see
   * {@link #create(PolicyDraft, Map, String, boolean)}.
   */
  public Policy create(PolicyDraft draft, Map<String, Object> calibration, String user) {
    return create(draft, calibration, user, false);
  }

  /**
   * Creates the next version of a policy (version 1 for a new name). It goes into production at once unless
   * {@code candidate} is set or the policy has gating suites; {@link Policy#stage} says which.
   */
  public Policy create(PolicyDraft draft, Map<String, Object> calibration, String user, boolean candidate) {
    String name = checkName(draft.name());
    boolean live = !candidate && !gates.gatesPolicy(name);
    Policy created = QuarkusTransaction.requiringNew().call(() -> {
      lock(name);
      Optional<Policy> previous = latestVersion(name);
      if (previous.isPresent() && previous.get().document != null && !previous.get().retired) {
        throw ProblemException.conflict("policy " + name + " is a policy document: make its next version with"
            + " POST /api/v1/guardrail/policies/" + name + "/documents, or calibrate one of its checks by naming it"
            + " in \"check\"");
      }
      Policy policy = new Policy();
      policy.name = name;
      policy.version = previous.map(p -> p.version + 1).orElse(1);
      Double threshold = draft.threshold() != null ? draft.threshold() : previous.map(p -> p.threshold).orElse(null);
      if (threshold == null || !Double.isFinite(threshold)) {
        throw ProblemException.invalid("threshold", "threshold is required: a finite normalised reward (e.g. -1.0)");
      }
      policy.threshold = threshold;
      policy.action = oneOf("action", draft.action(), previous.map(p -> p.action).orElse(Policy.FLAG),
          Policy.FLAG, Policy.BLOCK);
      policy.onNoModel = oneOf("on_no_model", draft.onNoModel(),
          previous.map(p -> p.onNoModel).orElse(Policy.FAIL_CLOSED), Policy.FAIL_OPEN, Policy.FAIL_CLOSED);
      policy.fallbackResponse = draft.fallbackResponse() != null
          ? draft.fallbackResponse() : previous.map(p -> p.fallbackResponse).orElse(null);
      if (policy.fallbackResponse != null && policy.fallbackResponse.length() > MAX_FALLBACK) {
        throw new ProblemException(413, "Text Too Long", "fallback_response is longer than " + MAX_FALLBACK
            + " characters", "fallback_response", null);
      }
      policy.description = draft.description() != null
          ? draft.description() : previous.map(p -> p.description).orElse(null);
      policy.calibration = calibration;
      policy.retired = false;
      policy.createdBy = user;
      policy.createdAt = Instant.now();
      policy.persist();
      audit.record("policy.create", "policy:" + name, Map.of("version", policy.version, "threshold", threshold,
          "stage", live ? Policy.PRODUCTION : Policy.CANDIDATE));
      return saved(policy, live, user);
    });
    return cached(created);
  }

  /** {@link #createDocument(String, PolicyDocument, String, boolean)}, released unless the policy is gated. */
  public Policy createDocument(String name, PolicyDocument document, String user) {
    return createDocument(name, document, user, false);
  }

  /**
   * Creates the next version of a policy from a document (version 1 for a new name), after checking
   * that every check compiles. The document's name, if it has one, must be the policy's. It goes into
   * production at once unless {@code candidate} is set or the policy has gating suites.
   */
  public Policy createDocument(String name, PolicyDocument document, String user, boolean candidate) {
    return createDocument(name, document, null, user, candidate);
  }

  /** The next version of a document policy with a check calibrated, and the calibration's report. */
  public Policy createCalibratedDocument(String name, PolicyDocument document, Map<String, Object> calibration,
      String user) {
    return createDocument(name, document, calibration, user, false);
  }

  private Policy createDocument(String name, PolicyDocument document, Map<String, Object> calibration, String user,
      boolean candidate) {
    validateDocument(name, document);
    boolean live = !candidate && !gates.gatesPolicy(name);
    Policy created = QuarkusTransaction.requiringNew().call(() -> {
      lock(name);
      Policy policy = new Policy();
      policy.name = name;
      policy.version = latestVersion(name).map(p -> p.version + 1).orElse(1);
      policy.onNoModel = document.onError();
      policy.fallbackResponse = document.fallbackResponse();
      policy.description = document.description();
      policy.document = PolicyDocuments.toMap(new PolicyDocument(name, document.description(),
          document.fallbackResponse(), document.onError(), document.uncertain(), document.input(), document.output()));
      policy.calibration = calibration;
      policy.retired = false;
      policy.createdBy = user;
      policy.createdAt = Instant.now();
      policy.persist();
      audit.record("policy.create", "policy:" + name, Map.of("version", policy.version, "checks",
          document.input().size() + document.output().size(), "stage", live ? Policy.PRODUCTION : Policy.CANDIDATE));
      return saved(policy, live, user);
    });
    return cached(created);
  }

  /**
   * What a save checks before it writes anything: the policy's name, the document's name (if it has one) being
   * the policy's, the fallback's length, and that every check compiles (classifiers in production with the
   * class named).
   *
   * @throws ProblemException 422 naming the field, 413 for a fallback that is too long
   */
  public void validateDocument(String name, PolicyDocument document) {
    checkName(name);
    if (document.name() != null && !document.name().equals(name)) {
      throw ProblemException.invalid("name", "the document is named \"" + document.name() + "\" but saved as \""
          + name + "\"");
    }
    if (document.fallbackResponse() != null && document.fallbackResponse().length() > MAX_FALLBACK) {
      throw new ProblemException(413, "Text Too Long", "fallbackResponse is longer than " + MAX_FALLBACK
          + " characters", "fallbackResponse", null);
    }
    compiler.validate(document);
  }

  /** Retires a policy: a new version, released at once, that checks refuse (404). */
  public Policy retire(String name, String user) {
    Policy retired = QuarkusTransaction.requiringNew().call(() -> {
      lock(name);
      Policy previous = production(name).filter(p -> !p.retired)
          .orElseThrow(() -> ProblemException.notFound("policy", name));
      Policy policy = new Policy();
      policy.name = name;
      policy.threshold = previous.threshold;
      policy.action = previous.action;
      policy.onNoModel = previous.onNoModel;
      policy.fallbackResponse = previous.fallbackResponse;
      policy.description = previous.description;
      policy.document = previous.document;
      policy.retired = true;
      policy.createdBy = user;
      policy.createdAt = Instant.now();
      policy.version = latestVersion(name).map(p -> p.version + 1).orElse(previous.version + 1);
      policy.persist();
      audit.record("policy.retire", "policy:" + name, Map.of("version", policy.version));
      return saved(policy, true, user);
    });
    latest.remove(name);
    return retired;
  }

  /** Puts a saved version into production when {@code live}, and marks its stage. */
  private Policy saved(Policy policy, boolean live, String user) {
    if (live) {
      release(policy.name, policy.version, user);
    }
    policy.stage = live ? Policy.PRODUCTION : Policy.CANDIDATE;
    return policy;
  }

  private Policy cached(Policy created) {
    if (Policy.PRODUCTION.equals(created.stage)) {
      latest.put(created.name, new Cached(created, System.nanoTime()));
    }
    return created;
  }

  /**
   * Makes a version the production one, in the caller's transaction (the policy locked by it). Used by a
   * live save and by {@link PolicyReleases}.
   */
  void release(String name, int version, String user) {
    entityManager.createNativeQuery("INSERT INTO guardrail_policy_release (name, version, released_by)"
        + " VALUES (?1, ?2, ?3)").setParameter(1, name).setParameter(2, version).setParameter(3, user).executeUpdate();
  }

  /** Forgets this replica's cached production version of a policy, after a release or a rollback. */
  void evict(String name) {
    latest.remove(name);
  }

  /** The production version of a policy (retired included), in the caller's transaction. */
  Optional<Policy> production(String name) {
    List<?> ids = entityManager.createNativeQuery("SELECT p.id FROM guardrail_policy_release r JOIN guardrail_policy p"
            + " ON p.name = r.name AND p.version = r.version WHERE r.name = ?1 AND r.rolled_back_at IS NULL"
            + " ORDER BY r.id DESC LIMIT 1")
        .setParameter(1, name).getResultList();
    return ids.isEmpty() ? Optional.empty()
        : Optional.of(Policy.<Policy>findById(((Number) ids.get(0)).longValue()));
  }

  /** Takes the policy's advisory lock for the caller's transaction: saves, releases and rollbacks queue on it. */
  void lockPolicy(String name) {
    lock(name);
  }

  /**
   * The version a check uses: the production one unless {@code version} is given.
   *
   * @throws ProblemException 404 for an unknown or retired policy or version, or a policy with no version in
   *     production (only candidates)
   */
  public Policy resolve(String name, Integer version) {
    if (name == null || name.isBlank()) {
      throw ProblemException.invalid("policy", "policy is required: the name of a guardrail policy");
    }
    if (version != null) {
      Policy policy = QuarkusTransaction.requiringNew().call(() -> Policy.<Policy>find("name = ?1 and version = ?2",
          name, version).firstResult());
      if (policy == null || policy.retired) {
        throw ProblemException.notFound("policy", name + " version " + version);
      }
      return policy;
    }
    Cached cached = latest.get(name);
    if (cached == null || System.nanoTime() - cached.loadedAt() > settings.policyCacheTtl().toNanos()) {
      Optional<Policy> found = QuarkusTransaction.requiringNew().call(() -> production(name));
      if (found.isEmpty()) {
        throw ProblemException.notFound("policy", name);
      }
      found.get().stage = Policy.PRODUCTION;
      cached = new Cached(found.get(), System.nanoTime());
      latest.put(name, cached);
    }
    if (cached.policy().retired) {
      throw ProblemException.notFound("policy", name);
    }
    return cached.policy();
  }

  /** Every version of a policy, newest first. */
  public List<Policy> versions(String name) {
    List<Policy> versions = QuarkusTransaction.requiringNew().call(() ->
        Policy.<Policy>list("name = ?1 order by version desc", name));
    if (versions.isEmpty()) {
      throw ProblemException.notFound("policy", name);
    }
    return versions;
  }

  /** The production version of every policy that is not retired. */
  public List<Policy> list() {
    return QuarkusTransaction.requiringNew().call(() -> {
      List<?> ids = entityManager.createNativeQuery("SELECT p.id FROM guardrail_policy p JOIN (SELECT DISTINCT ON"
          + " (name) name, version FROM guardrail_policy_release WHERE rolled_back_at IS NULL ORDER BY name, id DESC) r"
          + " ON r.name = p.name AND r.version = p.version WHERE NOT p.retired").getResultList();
      return ids.isEmpty() ? List.<Policy>of()
          : Policy.<Policy>list("id in ?1 order by name", ids.stream().map(id -> ((Number) id).longValue()).toList());
    });
  }

  private Optional<Policy> latestVersion(String name) {
    return Policy.<Policy>find("name = ?1 order by version desc", name).firstResultOptional();
  }

  private void lock(String name) {
    entityManager.createNativeQuery("SELECT pg_advisory_xact_lock(hashtext('guardrail_policy:' || ?1))")
        .setParameter(1, name).getSingleResult();
  }

  private static String checkName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw ProblemException.invalid("name", "name must be 1-64 characters of a-z, 0-9, '.', '_' or '-', starting"
          + " with a letter or digit");
    }
    return name;
  }

  private static String oneOf(String field, String value, String fallback, String... allowed) {
    if (value == null) {
      return fallback;
    }
    for (String option : allowed) {
      if (option.equals(value)) {
        return value;
      }
    }
    throw ProblemException.invalid(field, field + " must be one of " + List.of(allowed) + " but was \"" + value + "\"");
  }
}
