package dev.assay.trainer.builder;

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

/** One dataset build job: progress, resume point and lineage of its two output datasets. */
@Entity
@Table(name = "dataset_build")
public class DatasetBuild extends PanacheEntityBase {
  public enum State {
    QUEUED,
    RUNNING,
    SUCCEEDED,
    FAILED
  }

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(name = "source_dataset") public String sourceDataset;
  @Column(name = "sft_dataset") public String sftDataset;
  @Column(name = "dpo_dataset") public String dpoDataset;
  @Column(name = "model_id") public long modelId;
  @Column(name = "model_version") public String modelVersion;
  @Column(name = "policy_name") public String policyName;
  @Column(name = "policy_version") public Integer policyVersion;
  public double margin;

  @Enumerated(EnumType.STRING)
  public State state;

  @Column(name = "prompts_total") public int promptsTotal;
  @Column(name = "prompts_done") public int promptsDone;
  @Column(name = "last_prompt_hash") public String lastPromptHash;
  @Column(name = "sft_records") public int sftRecords;
  @Column(name = "dpo_pairs") public int dpoPairs;
  @Column(name = "pairs_below_margin") public int pairsBelowMargin;
  @Column(name = "responses_blocked") public int responsesBlocked;
  @Column(name = "prompts_all_blocked") public int promptsAllBlocked;
  public String error;
  @Column(name = "created_by") public String createdBy;
  @Column(name = "created_at") public Instant createdAt;
  @Column(name = "started_at") public Instant startedAt;
  @Column(name = "finished_at") public Instant finishedAt;

  public boolean finished() {
    return state == State.SUCCEEDED || state == State.FAILED;
  }
}
