package dev.assay.guardrail.policy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.guardrail.engine.GuardrailEngine;
import dev.assay.guardrail.release.GatingSuites;
import dev.assay.guardrail.release.ReleaseGate;
import dev.assay.guardrail.release.ReleaseGateService;
import dev.assay.guardrail.suite.run.RunTarget;
import dev.assay.guardrail.suite.run.RunTarget.PolicyUnderTest;
import dev.assay.platform.audit.AdminAudit;
import dev.assay.platform.problem.ProblemException;
import dev.assay.trainer.registry.PromotionCheck;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The production pointer of policies: a version saved as a candidate goes into production only through the
 * policy's gating suites ({@link #promote}); a rollback brings back the version served before. Both audited.
 */
@ApplicationScoped
public class PolicyReleases {
  private final PolicyService policies;
  private final ReleaseGateService gates;
  private final GatingSuites suites;
  private final GuardrailEngine engine;
  private final EntityManager entityManager;
  private final ObjectMapper json;
  private final AdminAudit audit;

  public PolicyReleases(PolicyService policies, ReleaseGateService gates, GatingSuites suites, GuardrailEngine engine,
      EntityManager entityManager, ObjectMapper json, AdminAudit audit) {
    this.policies = policies;
    this.gates = gates;
    this.suites = suites;
    this.engine = engine;
    this.entityManager = entityManager;
    this.json = json;
    this.audit = audit;
  }

  /**
   * The verdict of a policy promotion.
   *
   * @param production the version served before (null when none was)
   * @param checks every gating suite's verdict
   */
  public record Promotion(String name, int version, Integer production, boolean passed,
      List<PromotionCheck.Result> checks) {}

  /** A rollback: the version taken out of production and the one served again. */
  public record Rollback(String name, int from, int to) {}

  /**
   * Runs the policy's gating suites on {@code version} and on the production version, and puts {@code version}
   * into production when every one passes.
   *
   * @throws ProblemException 404 for an unknown version; 409 when it is retired or already in production, or
   *     when a gating suite refuses it (member {@code gate}: the suites, their metrics and failing probes)
   */
  public Promotion promote(String name, int version, String user) {
    Policy candidate = policies.versions(name).stream().filter(p -> p.version == version).findFirst()
        .orElseThrow(() -> ProblemException.notFound("policy", name + " version " + version));
    if (candidate.retired) {
      throw ProblemException.conflict("policy " + name + " version " + version + " is a retirement: retire the policy"
          + " with DELETE, or roll back");
    }
    Optional<Policy> production = QuarkusTransaction.requiringNew().call(() -> policies.production(name));
    if (production.isPresent() && production.get().version == version) {
      throw ProblemException.conflict("policy " + name + " version " + version + " is already in production");
    }
    List<PromotionCheck.Result> checks = new ArrayList<>();
    for (ReleaseGate gate : gates.forTarget(ReleaseGate.POLICY, name)) {
      checks.add(suites.run(gate, g -> target(candidate),
          g -> production.filter(p -> !p.retired).map(this::target)));
    }
    boolean passed = checks.stream().allMatch(PromotionCheck.Result::passed);
    Promotion promotion = new Promotion(name, version, production.map(p -> p.version).orElse(null), passed, checks);
    QuarkusTransaction.requiringNew().run(() -> {
      policies.lockPolicy(name);
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("version", version);
      details.put("passed", passed);
      details.put("suites", checks.size());
      audit.record("policy.promote", "policy:" + name, details);
      if (passed) {
        policies.release(name, version, user);
      }
    });
    if (!passed) {
      List<String> failing = checks.stream().filter(c -> !c.passed()).map(c -> c.check() + ": " + c.rule()).toList();
      throw new ProblemException(409, "Release Gate Failed", "policy " + name + " version " + version + " refused: "
          + String.join("; ", failing), Map.of("gate", json.convertValue(promotion, Map.class)));
    }
    policies.evict(name);
    return promotion;
  }

  /**
   * Brings back the version of a policy served before the current one (the current release is marked rolled
   * back, so it never comes back by a later rollback). Audited as {@code policy.rollback}.
   *
   * @throws ProblemException 404 for an unknown policy; 409 when nothing was served before
   */
  public Rollback rollback(String name, String user) {
    policies.versions(name);
    Rollback rollback = QuarkusTransaction.requiringNew().call(() -> {
      policies.lockPolicy(name);
      List<?> served = entityManager.createNativeQuery("SELECT id, version FROM guardrail_policy_release"
          + " WHERE name = ?1 AND rolled_back_at IS NULL ORDER BY id DESC LIMIT 2")
          .setParameter(1, name).getResultList();
      if (served.size() < 2) {
        throw ProblemException.conflict("nothing to roll back to: policy " + name + " has "
            + (served.isEmpty() ? "no version in production" : "had no other version in production"));
      }
      Object[] current = (Object[]) served.get(0);
      Object[] previous = (Object[]) served.get(1);
      entityManager.createNativeQuery("UPDATE guardrail_policy_release SET rolled_back_at = ?1, rolled_back_by = ?2"
          + " WHERE id = ?3").setParameter(1, Instant.now()).setParameter(2, user).setParameter(3, current[0])
          .executeUpdate();
      int from = ((Number) current[1]).intValue();
      int to = ((Number) previous[1]).intValue();
      audit.record("policy.rollback", "policy:" + name, Map.of("from", from, "to", to));
      return new Rollback(name, from, to);
    });
    policies.evict(name);
    return rollback;
  }

  private RunTarget target(Policy policy) {
    return new RunTarget(new PolicyUnderTest(policy.name, policy.version, suites.offline(engine.prepare(policy))),
        null);
  }
}
