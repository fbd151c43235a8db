package dev.assay.trainer.registry;

import dev.assay.trainer.model.ModelKind;
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
import java.util.Optional;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A versioned model in the registry: the artifact on disk and what it was trained on and scored. */
@Entity
@Table(name = "reward_model")
public class RegisteredModel extends PanacheEntityBase {
  public enum Stage {
    CANDIDATE,
    PRODUCTION,
    ARCHIVED
  }

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  public String name;
  public int version;

  /** REWARD, PREFERENCE or CLASSIFIER (the trainer's {@code ModelKind}). */
  public String kind;

  @Enumerated(EnumType.STRING)
  public Stage stage;

  @Column(name = "artifact_path")
  public String artifactPath;

  public String featurizer;

  @Column(name = "snapshot_id")
  public Long snapshotId;

  @Column(name = "snapshot_hash")
  public String snapshotHash;

  @Column(name = "run_id")
  public Long runId;

  @JdbcTypeCode(SqlTypes.JSON)
  public Map<String, Object> config;

  /** The evaluation on the snapshot's test split. */
  @JdbcTypeCode(SqlTypes.JSON)
  public Map<String, Object> report;

  @Column(name = "reward_mean")
  public double rewardMean;

  @Column(name = "reward_std")
  public double rewardStd;

  @Column(name = "created_at")
  public Instant createdAt;

  @Column(name = "promoted_at")
  public Instant promotedAt;

  /** When a rollback took this model out of production; a rollback never brings such a model back. */
  @Column(name = "rolled_back_at")
  public Instant rolledBackAt;

  /** Labelled examples registered with a classifier for its promotion gate; null when none were. */
  @Column(name = "evaluation_path")
  public String evaluationPath;

  public String version() {
    return name + "-v" + version;
  }

  /** The production reward or preference model (classifiers are in production by name). */
  public static Optional<RegisteredModel> production(String kind) {
    return find("kind = ?1 and stage = ?2", kind, Stage.PRODUCTION).firstResultOptional();
  }

  public static Optional<RegisteredModel> productionClassifier(String name) {
    return find("kind = ?1 and name = ?2 and stage = ?3", ModelKind.CLASSIFIER.name(), name, Stage.PRODUCTION).firstResultOptional();
  }

  public boolean isClassifier() {
    return ModelKind.CLASSIFIER.name().equals(kind);
  }
}
