package dev.assay.guardrail.release;

import dev.assay.platform.audit.AdminAudit;
import dev.assay.platform.problem.ProblemException;
import dev.assay.trainer.model.ModelKind;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** The gating suites configured for models and policies: created, listed and removed by admins, audited. */
@ApplicationScoped
public class ReleaseGateService {
  private static final Pattern METRIC = Pattern.compile("[a-z][a-z0-9_.]{0,63}");
  private static final List<String> TARGET_TYPES =
      List.of(ReleaseGate.MODEL, ReleaseGate.CLASSIFIER, ReleaseGate.POLICY);

  private final AdminAudit audit;

  public ReleaseGateService(AdminAudit audit) {
    this.audit = audit;
  }

  /** A gate as a client asks for it; see {@link ReleaseGate} for each field. */
  public record Draft(String targetType, String target, String suite, String policy, String metric, Double minimum,
      Double maximum, Double tolerance) {}

  /**
   * Stores a gate after checking it: a known target type, a target, a suite, a metric name, exactly one of
   * minimum and maximum, and a tolerance of at least 0; a reward model's target is its kind.
   *
   * @throws ProblemException 422 naming the first field that is wrong
   */
  public ReleaseGate create(Draft draft, String user) {
    String targetType = draft.targetType() == null ? null : draft.targetType().toLowerCase(Locale.ROOT);
    if (!TARGET_TYPES.contains(targetType)) {
      throw ProblemException.invalid("targetType", "targetType must be one of " + TARGET_TYPES + " but was \""
          + draft.targetType() + "\"");
    }
    String target = required("target", draft.target());
    if (ReleaseGate.MODEL.equals(targetType)) {
      target = target.toUpperCase(Locale.ROOT);
      if (!target.equals(ModelKind.REWARD.name()) && !target.equals(ModelKind.PREFERENCE.name())) {
        throw ProblemException.invalid("target", "a model gate's target is a reward model kind, REWARD or PREFERENCE,"
            + " but was \"" + draft.target() + "\" (classifiers are gated with targetType classifier and their name)");
      }
    }
    String suite = required("suite", draft.suite());
    String metric = required("metric", draft.metric());
    if (!METRIC.matcher(metric).matches()) {
      throw ProblemException.invalid("metric", "metric must be a metric name of a suite run, e.g."
          + " attack_success_rate, but was \"" + metric + "\"");
    }
    if ((draft.minimum() == null) == (draft.maximum() == null)) {
      throw ProblemException.invalid(draft.minimum() == null ? "maximum" : "minimum", "give exactly one of maximum (for"
          + " a rate where higher is worse) and minimum (for a score where lower is worse)");
    }
    Double bound = draft.minimum() != null ? draft.minimum() : draft.maximum();
    if (!Double.isFinite(bound)) {
      throw ProblemException.invalid(draft.minimum() != null ? "minimum" : "maximum",
          "the bound must be a finite number");
    }
    double tolerance = draft.tolerance() == null ? 0 : draft.tolerance();
    if (!(tolerance >= 0) || !Double.isFinite(tolerance)) {
      throw ProblemException.invalid("tolerance", "tolerance must be a number >= 0");
    }
    String policy = draft.policy() == null || draft.policy().isBlank() ? null : draft.policy();
    if (ReleaseGate.POLICY.equals(targetType) && policy != null && !policy.equals(target)) {
      throw ProblemException.invalid("policy", "a policy's gate runs through the policy version being promoted;"
          + " leave policy out");
    }
    if (ReleaseGate.CLASSIFIER.equals(targetType) && policy == null) {
      throw ProblemException.invalid("policy", "a classifier's gate runs its suite through a policy that uses the"
          + " classifier: name the policy");
    }
    String resolvedTarget = target;
    return QuarkusTransaction.requiringNew().call(() -> {
      ReleaseGate gate = new ReleaseGate();
      gate.targetType = targetType;
      gate.target = resolvedTarget;
      gate.suite = suite;
      gate.policy = policy;
      gate.metric = metric;
      gate.minimum = draft.minimum();
      gate.maximum = draft.maximum();
      gate.tolerance = tolerance;
      gate.createdBy = user;
      gate.createdAt = Instant.now();
      gate.persist();
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("target", targetType + ":" + resolvedTarget);
      details.put("suite", suite);
      details.put("bound", gate.bound());
      details.put("tolerance", tolerance);
      audit.record("release-gate.create", "release-gate:" + gate.id, details);
      return gate;
    });
  }

  public List<ReleaseGate> list() {
    return QuarkusTransaction.requiringNew().call(() -> ReleaseGate.<ReleaseGate>list("order by id"));
  }

  public ReleaseGate get(long id) {
    ReleaseGate gate = QuarkusTransaction.requiringNew().call(() -> ReleaseGate.<ReleaseGate>findById(id));
    if (gate == null) {
      throw ProblemException.notFound("release gate", id);
    }
    return gate;
  }

  public void delete(long id, String user) {
    QuarkusTransaction.requiringNew().run(() -> {
      ReleaseGate gate = ReleaseGate.findById(id);
      if (gate == null) {
        throw ProblemException.notFound("release gate", id);
      }
      gate.delete();
      audit.record("release-gate.delete", "release-gate:" + id,
          Map.of("target", gate.targetType + ":" + gate.target, "suite", gate.suite));
    });
  }

  /** The gates of a target, in the order they were made. */
  public List<ReleaseGate> forTarget(String targetType, String target) {
    return QuarkusTransaction.requiringNew().call(() -> ReleaseGate.<ReleaseGate>list(
        "targetType = ?1 and target = ?2 order by id", targetType, target));
  }

  /** Whether a policy has gating suites, so that a save makes a candidate rather than going live. */
  public boolean gatesPolicy(String name) {
    return QuarkusTransaction.requiringNew().call(() ->
        ReleaseGate.count("targetType = ?1 and target = ?2", ReleaseGate.POLICY, name) > 0);
  }

  private static String required(String field, String value) {
    if (value == null || value.isBlank()) {
      throw ProblemException.invalid(field, field + " is required");
    }
    if (value.length() > 200) {
      throw ProblemException.invalid(field, field + " is longer than 200 characters");
    }
    return value;
  }
}
