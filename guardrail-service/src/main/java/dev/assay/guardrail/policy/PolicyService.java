package dev.assay.guardrail.policy;

import dev.assay.guardrail.GuardrailSettings;
import dev.assay.guardrail.engine.PolicyCompiler;
import dev.assay.guardrail.policy.document.PolicyDocument;
import dev.assay.guardrail.policy.document.PolicyDocuments;
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
 * are never edited. Checks use the latest version unless they name one; the latest is cached per
 * replica for {@code assay.guardrail.policy-cache-ttl} (a new version made on this replica is seen at
 * once, on other replicas within the TTL).
 */
@ApplicationScoped
public class PolicyService {
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
  private static final int MAX_FALLBACK = 10_000;

  private final EntityManager entityManager;
  private final GuardrailSettings settings;
  private final PolicyCompiler compiler;
  private final Map<String, Cached> latest = new ConcurrentHashMap<>();

  private record Cached(Policy policy, long loadedAt) {}

  public PolicyService(EntityManager entityManager, GuardrailSettings settings, PolicyCompiler compiler) {
    this.entityManager = entityManager;
    this.settings = settings;
    this.compiler = compiler;
  }

  /** Creates the next version of a policy (version 1 for a new name). */
  public Policy create(PolicyDraft draft, Map<String, Object> calibration, String user) {
    String name = checkName(draft.name());
    Policy created = QuarkusTransaction.requiringNew().call(() -> {
      lock(name);
      Optional<Policy> previous = latestVersion(name);
      if (previous.isPresent() && previous.get().document != null && !previous.get().retired) {
        throw ProblemException.conflict("policy " + name + " is a policy document: make its next version with"
            + " POST /api/v1/guardrail/policies/" + name + "/documents");
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
      AdminAudit.log("policy.create", "policy:" + name, Map.of("version", policy.version, "threshold", threshold));
      return policy;
    });
    latest.put(name, new Cached(created, System.nanoTime()));
    return created;
  }

  /**
   * Creates the next version of a policy from a document (version 1 for a new name), after checking
   * that every check compiles. The document's name, if it has one, must be the policy's.
   */
  public Policy createDocument(String name, PolicyDocument document, String user) {
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
      policy.retired = false;
      policy.createdBy = user;
      policy.createdAt = Instant.now();
      policy.persist();
      AdminAudit.log("policy.create", "policy:" + name, Map.of("version", policy.version, "checks",
          document.input().size() + document.output().size()));
      return policy;
    });
    latest.put(name, new Cached(created, System.nanoTime()));
    return created;
  }

  /** Retires a policy: a new version that checks refuse (404). */
  public Policy retire(String name, String user) {
    Policy retired = QuarkusTransaction.requiringNew().call(() -> {
      lock(name);
      Policy previous = latestVersion(name).filter(p -> !p.retired)
          .orElseThrow(() -> ProblemException.notFound("policy", name));
      Policy policy = new Policy();
      policy.name = name;
      policy.version = previous.version + 1;
      policy.threshold = previous.threshold;
      policy.action = previous.action;
      policy.onNoModel = previous.onNoModel;
      policy.fallbackResponse = previous.fallbackResponse;
      policy.description = previous.description;
      policy.document = previous.document;
      policy.retired = true;
      policy.createdBy = user;
      policy.createdAt = Instant.now();
      policy.persist();
      AdminAudit.log("policy.retire", "policy:" + name, Map.of("version", policy.version));
      return policy;
    });
    latest.remove(name);
    return retired;
  }

  /**
   * The version a check uses: the latest unless {@code version} is given.
   *
   * @throws ProblemException 404 for an unknown or retired policy or version
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
      Optional<Policy> found = QuarkusTransaction.requiringNew().call(() -> latestVersion(name));
      if (found.isEmpty()) {
        throw ProblemException.notFound("policy", name);
      }
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

  /** The latest version of every policy that is not retired. */
  public List<Policy> list() {
    return QuarkusTransaction.requiringNew().call(() -> Policy.<Policy>list(
        "from Policy p where p.version = (select max(q.version) from Policy q where q.name = p.name)"
            + " and p.retired = false order by p.name"));
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
