package dev.assay.guardrail.rollout;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A staged rollout of a candidate beside a policy's production version: a registered model in place of the
 * production model its checks use, or another version of the policy. At most one runs per policy.
 */
@Entity
@Table(name = "guardrail_rollout")
public class Rollout extends PanacheEntityBase {
  /** The candidate runs on a copy of live traffic; its decisions are recorded, never served. */
  public static final String SHADOW = "shadow";
  /** The candidate serves a share of callers. */
  public static final String CANARY = "canary";

  public static final String RUNNING = "running";
  public static final String PROMOTED = "promoted";
  public static final String ROLLED_BACK = "rolled-back";
  public static final String STOPPED = "stopped";

  /** Callers are split by a hash of their identity (API key or user). */
  public static final String BY_CALLER = "caller";
  /** Callers are split by a hash of the request key they send, else of their identity. */
  public static final String BY_REQUEST_KEY = "request-key";

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  public String policy;

  public String mode;

  /** The candidate model's registry id; null when the candidate is a policy version. */
  @Column(name = "candidate_model_id")
  public Long candidateModelId;

  /** The candidate policy version; null when the candidate is a model. */
  @Column(name = "candidate_policy_version")
  public Integer candidatePolicyVersion;

  /** The candidate as traces name it: the model's version (e.g. {@code topics-v2}), or {@code <policy> v<version>}. */
  public String candidate;

  /** The share of callers a canary serves, 0 to 100; 0 in shadow. */
  @Column(name = "canary_percent")
  public double canaryPercent;

  public String routing;

  public String state;

  @Column(name = "started_by")
  public String startedBy;

  @Column(name = "started_at")
  public Instant startedAt;

  @Column(name = "ended_by")
  public String endedBy;

  @Column(name = "ended_at")
  public Instant endedAt;

  /** Why it ended: who promoted, stopped or rolled it back, or the alert that rolled it back. */
  @Column(name = "end_reason")
  public String endReason;

  /** Requests the shadow could not evaluate because its queue was full (counted, never waited for). */
  @Column(name = "shadow_dropped")
  public long shadowDropped;

  public boolean running() {
    return RUNNING.equals(state);
  }
}
