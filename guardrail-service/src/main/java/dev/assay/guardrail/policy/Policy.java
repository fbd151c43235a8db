package dev.assay.guardrail.policy;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import java.time.Instant;
import java.util.Map;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One version of a guardrail policy. Never updated: a change is a new version. */
@Entity
@Table(name = "guardrail_policy")
public class Policy extends PanacheEntityBase {
  public static final String FLAG = "flag";
  public static final String BLOCK = "block";
  public static final String FAIL_OPEN = "fail-open";
  public static final String FAIL_CLOSED = "fail-closed";
  public static final String PRODUCTION = "production";
  public static final String CANDIDATE = "candidate";

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  public String name;
  public int version;

  /** Normalised reward below which the action applies; null for a version made from a document. */
  public Double threshold;

  /** {@code flag} or {@code block}; null for a version made from a document. */
  public String action;

  @Column(name = "fallback_response")
  public String fallbackResponse;

  /**
   * {@code fail-open} or {@code fail-closed}: the decision when no model is in production (a document's
   * {@code onError}, for any failing check).
   */
  @Column(name = "on_no_model")
  public String onNoModel;

  public String description;

  @JdbcTypeCode(SqlTypes.JSON)
  public Map<String, Object> calibration;

  /** The policy document (see PolicyDocument) this version was made from; null for older versions. */
  @JdbcTypeCode(SqlTypes.JSON)
  public Map<String, Object> document;

  public boolean retired;

  @Column(name = "created_by")
  public String createdBy;

  @Column(name = "created_at")
  public Instant createdAt;

  /** {@code production} or {@code candidate} where the service knows it (a save, a release); else null. */
  @Transient
  public String stage;
}
