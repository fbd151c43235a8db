package dev.assay.guardrail.rollout;

import dev.assay.guardrail.decision.DecisionMade;
import dev.assay.guardrail.engine.GuardrailEngine;
import dev.assay.guardrail.monitoring.alert.Alert;
import dev.assay.guardrail.monitoring.alert.AlertFired;
import dev.assay.guardrail.policy.Policy;
import dev.assay.guardrail.policy.PolicyReleases;
import dev.assay.guardrail.policy.PolicyService;
import dev.assay.guardrail.policy.document.CheckSpec;
import dev.assay.guardrail.policy.document.PolicyDocument;
import dev.assay.platform.audit.AdminAudit;
import dev.assay.platform.outbox.Outbox;
import dev.assay.platform.problem.ProblemException;
import dev.assay.trainer.model.ModelKind;
import dev.assay.trainer.model.ModelLoadException;
import dev.assay.trainer.registry.ModelRegistry;
import dev.assay.trainer.registry.RegisteredModel;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.BlockingOperationControl;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.jboss.logging.Logger;

/**
 * Staged rollouts of a candidate beside a policy's production version: started, promoted (the candidate
 * goes through the registry's or the policy's promotion, gates included), rolled back or stopped by an
 * admin, and rolled back by themselves when an alert fires on their canary. Every change is audited and
 * published through the outbox ({@code rollout.started}, {@code rollout.promoted},
 * {@code rollout.rolled-back}, {@code rollout.stopped}).
 */
@ApplicationScoped
public class RolloutService {
  public static final String STARTED = "rollout.started";
  public static final String PROMOTED = "rollout.promoted";
  public static final String ROLLED_BACK = "rollout.rolled-back";
  public static final String STOPPED = "rollout.stopped";

  private static final Logger LOG = Logger.getLogger(RolloutService.class);

  private final PolicyService policies;
  private final PolicyReleases releases;
  private final ModelRegistry registry;
  private final RunningRollouts running;
  private final Outbox outbox;
  private final EntityManager entityManager;
  private final ManagedExecutor executor;
  private final Clock clock;
  private final AdminAudit audit;

  public RolloutService(PolicyService policies, PolicyReleases releases, ModelRegistry registry,
      RunningRollouts running, Outbox outbox, EntityManager entityManager, ManagedExecutor executor, Clock clock,
      AdminAudit audit) {
    this.policies = policies;
    this.releases = releases;
    this.registry = registry;
    this.running = running;
    this.outbox = outbox;
    this.entityManager = entityManager;
    this.executor = executor;
    this.clock = clock;
    this.audit = audit;
  }

  /**
   * A rollout as an admin asks for it.
   *
   * @param mode {@code shadow} or {@code canary}
   * @param candidateModelId a registered reward model or classifier to run in the policy's production version;
   *     exactly one of it and {@code candidatePolicyVersion}
   * @param canaryPercent the share of callers a canary serves, 0 to 100; left out for a shadow
   * @param routing {@code caller} (default) or {@code request-key}
   */
  public record Draft(String policy, String mode, Long candidateModelId, Integer candidatePolicyVersion,
      Double canaryPercent, String routing) {}

  /** What the outbox events carry. */
  public record RolloutEvent(long rollout, String policy, String mode, String candidate, String state, String by,
      String reason, Long alert) {}

  /**
   * Starts a rollout after checking it, and routes it at once on this replica.
   *
   * @throws ProblemException 422 naming the first wrong field (an unknown policy or candidate, a model the
   *     policy does not use, a share out of range); 409 when the policy already has a running rollout
   */
  public Rollout start(Draft draft, String user) {
    String mode = oneOf("mode", draft.mode(), Rollout.SHADOW, Rollout.CANARY);
    if (draft.policy() == null || draft.policy().isBlank()) {
      throw ProblemException.invalid("policy", "policy is required: the name of a guardrail policy");
    }
    Policy production = production(draft.policy());
    String routing = draft.routing() == null ? Rollout.BY_CALLER
        : oneOf("routing", draft.routing(), Rollout.BY_CALLER, Rollout.BY_REQUEST_KEY);
    double percent = share(mode, draft.canaryPercent());
    if ((draft.candidateModelId() == null) == (draft.candidatePolicyVersion() == null)) {
      throw ProblemException.invalid("candidateModelId", "give exactly one of candidateModelId (a registered reward"
          + " model or classifier) and candidatePolicyVersion (a version of the policy)");
    }
    String candidate = draft.candidateModelId() != null ? candidateModel(production, draft.candidateModelId())
        : candidatePolicy(production, draft.candidatePolicyVersion());
    record Started(Rollout rollout, RunningRollout routed) {}
    Started started = QuarkusTransaction.requiringNew().call(() -> {
      entityManager.createNativeQuery("SELECT pg_advisory_xact_lock(hashtext('rollout:' || ?1))")
          .setParameter(1, production.name).getSingleResult();
      Rollout current = Rollout.<Rollout>find("policy = ?1 and state = ?2", production.name, Rollout.RUNNING)
          .firstResult();
      if (current != null) {
        throw ProblemException.conflict("policy " + production.name + " already has a running rollout, "
            + current.id + " (" + current.mode + " of " + current.candidate + "): promote, roll back or stop it first");
      }
      Rollout rollout = new Rollout();
      rollout.policy = production.name;
      rollout.mode = mode;
      rollout.candidateModelId = draft.candidateModelId();
      rollout.candidatePolicyVersion = draft.candidatePolicyVersion();
      rollout.candidate = candidate;
      rollout.canaryPercent = percent;
      rollout.routing = routing;
      rollout.state = Rollout.RUNNING;
      rollout.startedBy = user;
      rollout.startedAt = clock.instant();
      rollout.persist();
      RunningRollout routed;
      try {
        routed = running.load(rollout);
      } catch (ModelLoadException e) {
        throw ProblemException.invalid("candidateModelId", "model " + rollout.candidateModelId + " cannot be loaded: "
            + e.getMessage());
      }
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("policy", rollout.policy);
      details.put("mode", mode);
      details.put("candidate", candidate);
      details.put("canaryPercent", percent);
      details.put("routing", routing);
      audit.record("rollout.start", target(rollout), details);
      outbox.record(STARTED, event(rollout, user, null, null));
      return new Started(rollout, routed);
    });
    running.started(started.routed());
    return started.rollout();
  }

  /**
   * Makes the candidate production through its own promotion (the model registry's gate, or the policy's
   * gating suites), then ends the rollout as promoted.
   *
   * @throws ProblemException 404 for an unknown rollout; 409 when it is not running or the promotion refuses
   *     the candidate (the rollout then keeps running)
   */
  public Rollout promote(long id, String user) {
    Rollout rollout = requireRunning(get(id));
    if (rollout.candidateModelId != null) {
      registry.promote(rollout.candidateModelId, user);
    } else {
      releases.promote(rollout.policy, rollout.candidatePolicyVersion, user);
    }
    return end(id, Rollout.PROMOTED, user, "promoted by " + user, null);
  }

  /** Ends a rollout and sends all its traffic back to production. */
  public Rollout rollback(long id, String user) {
    return end(id, Rollout.ROLLED_BACK, user, "rolled back by " + user, null);
  }

  /** Ends a rollout without a verdict: production serves all traffic, nothing is promoted. */
  public Rollout stop(long id, String user) {
    return end(id, Rollout.STOPPED, user, "stopped by " + user, null);
  }

  /**
   * An alert on a canary rolls it back: one whose labels say cohort {@code canary} and name the rollout (or,
   * without a rollout label, the policy whose canary runs).
   */
  void onAlert(@Observes AlertFired fired) {
    Alert alert = fired.alert();
    Map<String, String> labels = alert.labels() == null ? Map.of() : alert.labels();
    if (!DecisionMade.CANARY.equals(labels.get("cohort"))) {
      return;
    }
    Long id = rolloutOf(labels);
    if (id == null) {
      // Usually a further alert on a canary already rolled back.
      LOG.infof("Alert %d (%s) is on a canary but names no running rollout: %s", alert.id(), alert.rule(), labels);
      return;
    }
    if (BlockingOperationControl.isBlockingAllowed()) {
      rollbackFor(id, alert);
    } else {
      // Fired on an event-loop thread, which must not wait for a transaction.
      executor.execute(() -> rollbackFor(id, alert));
    }
  }

  private Long rolloutOf(Map<String, String> labels) {
    String rollout = labels.get("rollout");
    if (rollout != null) {
      try {
        return Long.parseLong(rollout.trim());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    RunningRollout canary = labels.get("policy") == null ? null : running.running(labels.get("policy"));
    return canary != null && canary.canary() ? canary.id() : null;
  }

  private void rollbackFor(long id, Alert alert) {
    String reason = "alert " + alert.rule() + " (" + alert.id() + ", " + alert.severity() + "): " + alert.summary();
    try {
      Rollout rollout = end(id, Rollout.ROLLED_BACK, AdminAudit.SYSTEM, reason, alert.id());
      LOG.warnf("Canary rollout %d of policy %s (%s) rolled back by %s", id, rollout.policy, rollout.candidate, reason);
    } catch (ProblemException e) {
      LOG.infof("Alert %d on rollout %d: %s", alert.id(), id, e.getMessage());
    } catch (RuntimeException e) {
      LOG.errorf(e, "Rollout %d could not be rolled back on alert %d", id, alert.id());
    }
  }

  /** Every rollout, newest first. */
  public List<Rollout> list() {
    return QuarkusTransaction.requiringNew().call(() -> Rollout.<Rollout>list("order by id desc"));
  }

  /** @throws ProblemException 404 for an unknown rollout */
  public Rollout get(long id) {
    Rollout rollout = QuarkusTransaction.requiringNew().call(() -> Rollout.<Rollout>findById(id));
    if (rollout == null) {
      throw ProblemException.notFound("rollout", id);
    }
    return rollout;
  }

  private Rollout end(long id, String state, String user, String reason, Long alert) {
    Rollout ended = QuarkusTransaction.requiringNew().call(() -> {
      Rollout rollout = Rollout.findById(id, LockModeType.PESSIMISTIC_WRITE);
      if (rollout == null) {
        throw ProblemException.notFound("rollout", id);
      }
      requireRunning(rollout);
      rollout.state = state;
      rollout.endedBy = user;
      rollout.endedAt = clock.instant();
      rollout.endReason = reason;
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("policy", rollout.policy);
      details.put("candidate", rollout.candidate);
      details.put("reason", reason);
      if (alert != null) {
        details.put("alert", alert);
      }
      String action = switch (state) {
        case Rollout.PROMOTED -> "rollout.promote";
        case Rollout.ROLLED_BACK -> "rollout.rollback";
        default -> "rollout.stop";
      };
      audit.record(action, target(rollout), details);
      String type = switch (state) {
        case Rollout.PROMOTED -> PROMOTED;
        case Rollout.ROLLED_BACK -> ROLLED_BACK;
        default -> STOPPED;
      };
      outbox.record(type, event(rollout, user, reason, alert));
      return rollout;
    });
    running.ended(ended.policy, ended.id);
    return ended;
  }

  private static Rollout requireRunning(Rollout rollout) {
    if (!rollout.running()) {
      throw ProblemException.conflict("rollout " + rollout.id + " is " + rollout.state + ", not running");
    }
    return rollout;
  }

  private Policy production(String name) {
    try {
      return policies.resolve(name, null);
    } catch (ProblemException e) {
      if (e.status() == 404) {
        throw ProblemException.invalid("policy", "no policy named \"" + name + "\" is in production");
      }
      throw e;
    }
  }

  /** The candidate model's version, after checking that the policy's production version uses a model of its kind. */
  private String candidateModel(Policy production, long modelId) {
    RegisteredModel model;
    try {
      model = registry.get(modelId);
    } catch (ProblemException e) {
      throw ProblemException.invalid("candidateModelId", "no model " + modelId + " is registered");
    }
    PolicyDocument document = GuardrailEngine.documentOf(production);
    Stream<CheckSpec> checks = Stream.concat(document.input().stream(), document.output().stream());
    if (model.isClassifier()) {
      if (checks.noneMatch(c -> CheckSpec.CLASSIFIER.equals(c.type()) && model.name.equals(c.model()))) {
        throw ProblemException.invalid("candidateModelId", "policy " + production.name + " version "
            + production.version + " has no check using classifier " + model.name + ": " + model.version()
            + " would change nothing");
      }
    } else if (ModelKind.REWARD.name().equals(model.kind)) {
      if (checks.noneMatch(c -> CheckSpec.REWARD.equals(c.type()))) {
        throw ProblemException.invalid("candidateModelId", "policy " + production.name + " version "
            + production.version + " has no reward check: reward model " + model.version() + " would change nothing");
      }
    } else {
      throw ProblemException.invalid("candidateModelId", "model " + model.version() + " is a " + model.kind
          + " model: a policy's checks use reward models and classifiers");
    }
    return model.version();
  }

  private String candidatePolicy(Policy production, int version) {
    if (version == production.version) {
      throw ProblemException.invalid("candidatePolicyVersion", "version " + version + " of policy " + production.name
          + " is production already");
    }
    try {
      policies.resolve(production.name, version);
    } catch (ProblemException e) {
      throw ProblemException.invalid("candidatePolicyVersion", "policy " + production.name + " has no version "
          + version + " that can serve (unknown or a retirement)");
    }
    return production.name + " v" + version;
  }

  private static double share(String mode, Double percent) {
    if (Rollout.SHADOW.equals(mode)) {
      if (percent != null && percent != 0) {
        throw ProblemException.invalid("canaryPercent", "a shadow serves no traffic: leave canaryPercent out");
      }
      return 0;
    }
    if (percent == null || !(percent >= 0 && percent <= 100)) {
      throw ProblemException.invalid("canaryPercent", "a canary needs canaryPercent, the share of callers it serves,"
          + " from 0 to 100");
    }
    return percent;
  }

  private static String oneOf(String field, String value, String... allowed) {
    String normalised = value == null ? null : value.trim().toLowerCase(Locale.ROOT);
    if (normalised == null || !List.of(allowed).contains(normalised)) {
      throw ProblemException.invalid(field, field + " must be one of " + List.of(allowed) + " but was "
          + (value == null ? "missing" : "\"" + value + "\""));
    }
    return normalised;
  }

  private static String target(Rollout rollout) {
    return "rollout:" + rollout.id;
  }

  private static RolloutEvent event(Rollout rollout, String by, String reason, Long alert) {
    return new RolloutEvent(rollout.id, rollout.policy, rollout.mode, rollout.candidate, rollout.state, by, reason,
        alert);
  }
}
