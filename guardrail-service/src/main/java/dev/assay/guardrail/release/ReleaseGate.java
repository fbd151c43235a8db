package dev.assay.guardrail.release;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A gating suite: a promotion of its target runs {@link #suite} and is refused when the run's {@link #metric}
 * misses its bound, or regresses from production's beyond {@link #tolerance} by more than sampling noise.
 */
@Entity
@Table(name = "guardrail_release_gate")
public class ReleaseGate extends PanacheEntityBase {
  /** A reward model kind (target REWARD or PREFERENCE). */
  public static final String MODEL = "model";
  /** A classifier by registry name. */
  public static final String CLASSIFIER = "classifier";
  /** A guardrail policy by name. */
  public static final String POLICY = "policy";

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(name = "target_type")
  public String targetType;

  public String target;

  /** The suite's name; its latest version runs. */
  public String suite;

  /** For a model or classifier: the policy the suite runs through, the candidate in place of production. */
  public String policy;

  public String metric;

  /** The least the metric may be (a score: higher is better); null when {@link #maximum} is set. */
  public Double minimum;

  /** The most the metric may be (a rate of failures: lower is better); null when {@link #minimum} is set. */
  public Double maximum;

  /** How far the metric may move the worse way from production's and still pass. */
  public double tolerance;

  @Column(name = "created_by")
  public String createdBy;

  @Column(name = "created_at")
  public Instant createdAt;

  /** Whether a higher value of the metric is worse (the gate bounds it from above). */
  public boolean higherIsWorse() {
    return maximum != null;
  }

  /** The bound, in words: {@code attack_success_rate <= 0.05}. */
  public String bound() {
    return higherIsWorse() ? metric + " <= " + maximum : metric + " >= " + minimum;
  }
}
