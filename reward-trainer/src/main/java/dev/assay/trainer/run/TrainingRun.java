package dev.assay.trainer.run;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Map;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One training run: what to train, its state and progress, persisted so any replica can report it. */
@Entity
@Table(name = "training_run")
public class TrainingRun extends PanacheEntityBase {
  public enum State {
    QUEUED,
    RUNNING,
    SUCCEEDED,
    FAILED,
    CANCELLED;

    public boolean finished() {
      return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
  }

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(name = "snapshot_id", nullable = false)
  public Long snapshotId;

  /** The run's {@code TrainingConfig}, as JSON. */
  @JdbcTypeCode(SqlTypes.JSON)
  @Column(nullable = false)
  public Map<String, Object> config;

  @Enumerated(EnumType.STRING)
  public State state;

  @Column(name = "epochs_done")
  public int epochsDone;

  /** The latest step: epoch, step, loss, accuracy, ETA. */
  @JdbcTypeCode(SqlTypes.JSON)
  public Map<String, Object> progress;

  public int attempts;
  public String worker;
  public String error;

  @Column(name = "model_id")
  public Long modelId;

  @Column(name = "created_by")
  public String createdBy;

  @Column(name = "created_at")
  public Instant createdAt;

  @Column(name = "started_at")
  public Instant startedAt;

  @Column(name = "finished_at")
  public Instant finishedAt;
}
