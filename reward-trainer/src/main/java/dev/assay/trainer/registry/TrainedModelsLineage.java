package dev.assay.trainer.registry;

import dev.assay.store.snapshot.SnapshotLineageContributor;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/** Adds the models trained on a snapshot to its lineage, under {@code models}, oldest first. */
@ApplicationScoped
public class TrainedModelsLineage implements SnapshotLineageContributor {
  /** A model trained on the snapshot, with the run that trained it. */
  public record TrainedModel(long id, String name, int version, String kind, String stage, Long runId,
      Instant createdAt) {}

  @Override
  public String key() {
    return "models";
  }

  @Override
  public List<TrainedModel> describe(long snapshotId) {
    return RegisteredModel.<RegisteredModel>list("snapshotId = ?1 order by id", snapshotId).stream()
        .map(model -> new TrainedModel(model.id, model.name, model.version, model.kind, model.stage.name(),
            model.runId, model.createdAt))
        .toList();
  }
}
