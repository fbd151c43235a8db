package dev.assay.guardrail.monitoring.alert;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A rule the evaluator applies to every closed window: a statistic of a kind, on a scope, against a threshold.
 * It fires after {@link #windowCount} breaching windows in a row on one subject and resolves at the first window
 * that does not breach.
 */
@Entity
@Table(name = "guardrail_alert_rule")
public class AlertRule extends PanacheEntityBase {
  public static final String DRIFT = "drift";
  public static final String OOD = "ood";
  public static final String ANOMALY = "anomaly";
  public static final String PSI = "psi";
  public static final String KS = "ks";
  public static final String OOD_SHARE = "ood_share";
  public static final String BLOCK_RATE = "block_rate";
  public static final String FLAG_RATE = "flag_rate";
  public static final String ESCALATION_RATE = "escalation_rate";
  public static final String DETECTOR_RATE = "detector_rate";
  /** Per policy (and version and cohort, for drift and OOD). */
  public static final String POLICY_SCOPE = "policy";
  /** Per caller: an API key or a user. */
  public static final String CALLER_SCOPE = "caller";
  public static final List<String> SEVERITIES = List.of("info", "warning", "critical");
  /** The statistics each kind computes. */
  public static final Map<String, List<String>> STATISTICS = Map.of(DRIFT, List.of(PSI, KS), OOD, List.of(OOD_SHARE),
      ANOMALY, List.of(BLOCK_RATE, FLAG_RATE, ESCALATION_RATE, DETECTOR_RATE));

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  public String name;

  public String kind;

  public String statistic;

  public String scope;

  /** Only this policy's windows; null for every policy. */
  public String policy;

  /** PSI or KS statistic, OOD share, or the EWMA z-score of an anomaly, above which a window breaches. */
  public double threshold;

  @Column(name = "window_count")
  public int windowCount;

  /** Drift and OOD: the fewest scores in the window (and its reference); anomaly: the fewest events in the window. */
  @Column(name = "min_samples")
  public int minSamples;

  public String severity;

  /** Drift: the windows starting in [from, to) are the reference instead of the policy version's baseline. */
  @Column(name = "reference_from")
  public Instant referenceFrom;

  @Column(name = "reference_to")
  public Instant referenceTo;

  public boolean enabled;

  @Column(name = "created_by")
  public String createdBy;

  @Column(name = "created_at")
  public Instant createdAt;
}
