package dev.assay.labeling.campaign;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.PrePersist;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A labeling campaign. Its state and item counters change only through conditional SQL updates
 * ({@link CampaignRepository}), never by writing this entity, so concurrent submits cannot be
 * overwritten by an admin's edit.
 */
@Entity
@Table(name = "campaign")
public class Campaign extends PanacheEntityBase {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(nullable = false, unique = true)
  public String name;

  @Column(nullable = false)
  public String guidelines = "";

  @JdbcTypeCode(SqlTypes.ARRAY)
  @Column(nullable = false)
  public List<String> criteria;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  public Scale scale;

  @Column(name = "allow_both_bad", nullable = false)
  public boolean allowBothBad;

  @Column(name = "ratings_required", nullable = false)
  public int ratingsRequired;

  @Column(name = "gold_rate", nullable = false)
  public double goldRate;

  @Column(nullable = false)
  public int priority;

  public Instant deadline;

  @Column(name = "lease_seconds")
  public Integer leaseSeconds;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, updatable = false)
  public CampaignState state = CampaignState.DRAFT;

  @Column(name = "items_total", insertable = false, updatable = false)
  public int itemsTotal;

  @Column(name = "items_done", insertable = false, updatable = false)
  public int itemsDone;

  @Column(name = "created_by", updatable = false)
  public String createdBy;

  /** Set in Java on persist, so the 201 answer to a create already carries it. */
  @Column(name = "created_at", updatable = false)
  public Instant createdAt;

  @Column(name = "updated_at")
  public Instant updatedAt;

  @PrePersist
  void stampCreation() {
    if (createdAt == null) {
      createdAt = Instant.now();
    }
  }
}
