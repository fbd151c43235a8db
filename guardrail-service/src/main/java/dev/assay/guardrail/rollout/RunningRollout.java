package dev.assay.guardrail.rollout;

import dev.assay.guardrail.engine.GuardrailEngine;
import dev.assay.guardrail.engine.GuardrailEngine.PreparedPolicy;
import dev.assay.guardrail.engine.ModelOverride;
import dev.assay.guardrail.policy.Policy;
import java.util.concurrent.atomic.LongAdder;

/**
 * A running rollout as this replica serves it: its routing, and its candidate loaded and compiled. A model
 * candidate runs in the policy's production version (compiled again if production changes during the
 * rollout); a policy version candidate runs as it is.
 */
public final class RunningRollout {
  /** The policy version that decides for the candidate, compiled with the candidate's model if it has one. */
  public record Served(Policy policy, PreparedPolicy prepared) {}

  private final long id;
  private final String policy;
  private final String mode;
  private final double canaryPercent;
  private final boolean byRequestKey;
  private final String candidate;
  private final GuardrailEngine engine;
  private final ModelOverride override;
  private final AutoCloseable candidateModel;
  private final LongAdder dropped = new LongAdder();
  private volatile Served served;

  /** A model candidate: {@code override} takes production's place in the policy's production version. */
  RunningRollout(Rollout rollout, GuardrailEngine engine, ModelOverride override, AutoCloseable candidateModel) {
    this(rollout, engine, override, candidateModel, null);
  }

  /** A policy version candidate. */
  RunningRollout(Rollout rollout, GuardrailEngine engine, Policy candidatePolicy) {
    this(rollout, engine, null, null, new Served(candidatePolicy, engine.prepare(candidatePolicy)));
  }

  private RunningRollout(Rollout rollout, GuardrailEngine engine, ModelOverride override,
      AutoCloseable candidateModel, Served served) {
    this.id = rollout.id;
    this.policy = rollout.policy;
    this.mode = rollout.mode;
    this.canaryPercent = rollout.canaryPercent;
    this.byRequestKey = Rollout.BY_REQUEST_KEY.equals(rollout.routing);
    this.candidate = rollout.candidate;
    this.engine = engine;
    this.override = override;
    this.candidateModel = candidateModel;
    this.served = served;
  }

  public long id() {
    return id;
  }

  public String policy() {
    return policy;
  }

  public String candidate() {
    return candidate;
  }

  public boolean canary() {
    return Rollout.CANARY.equals(mode);
  }

  public boolean shadow() {
    return Rollout.SHADOW.equals(mode);
  }

  /**
   * Whether a canary serves this request: by the request key when the rollout routes by it and the request
   * has one, else by the caller.
   */
  public boolean servesCandidate(String caller, String requestKey) {
    String key = byRequestKey && requestKey != null && !requestKey.isBlank() ? requestKey : caller;
    return CohortHash.inShare(id, key, canaryPercent);
  }

  /** What decides for the candidate while {@code production} is the policy's production version. */
  public Served candidateFor(Policy production) {
    Served current = served;
    if (override == null) {
      return current;
    }
    if (current == null || !current.policy().id.equals(production.id)) {
      current = new Served(production, engine.prepare(production, override));
      served = current;
    }
    return current;
  }

  void dropped() {
    dropped.increment();
  }

  /** Drops counted since the last call. */
  long takeDropped() {
    return dropped.sumThenReset();
  }

  /** The candidate's loaded model, to close once no request can be using it; null for a policy version. */
  AutoCloseable candidateModel() {
    return candidateModel;
  }
}
