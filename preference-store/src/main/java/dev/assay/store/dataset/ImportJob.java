package dev.assay.store.dataset;

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
import java.util.Map;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One file's import into one dataset, with its progress and outcome. */
@Entity
@Table(name = "import_job")
public class ImportJob extends PanacheEntityBase {
  public enum State {
    QUEUED,
    RUNNING,
    SUCCEEDED,
    FAILED
  }

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  /** The dataset's id once the import has succeeded (the import creates a new dataset). */
  @Column(name = "dataset_id")
  public Long datasetId;

  @Column(name = "dataset_name", nullable = false)
  public String datasetName;

  @Column(name = "file_name", nullable = false)
  public String fileName;

  public String format;

  @Column(name = "skip_invalid")
  public boolean skipInvalid;

  /** The upload's spooled copy, deleted once the job has ended. */
  @Column(name = "spool_file")
  public String spoolFile;

  /** The refused records of a skip-invalid import, deleted when their retention ends. */
  @Column(name = "rejects_file")
  public String rejectsFile;

  @Enumerated(EnumType.STRING)
  public State state;

  @Column(name = "records_read")
  public long recordsRead;

  @Column(name = "records_new")
  public long recordsNew;

  public long duplicates;
  public long skipped;
  public long rejected;

  /** The problem that failed the import: detail, line, field. */
  @JdbcTypeCode(SqlTypes.JSON)
  public Map<String, Object> error;

  @Column(name = "created_by")
  public String createdBy;

  /** Set in Java on persist, so the 202 answer to an upload already carries it. */
  @Column(name = "created_at", updatable = false)
  public Instant createdAt;

  @Column(name = "finished_at")
  public Instant finishedAt;

  @PrePersist
  void stampCreation() {
    if (createdAt == null) {
      createdAt = Instant.now();
    }
  }
}
