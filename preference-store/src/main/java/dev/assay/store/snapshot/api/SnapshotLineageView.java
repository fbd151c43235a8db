package dev.assay.store.snapshot.api;

import dev.assay.store.snapshot.SnapshotService;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Where a snapshot's records came from: its filter, the datasets and campaigns that contributed
 * records, the distinct raters (and reviewers), how many records are adjudicated labels, the counts, and
 * what other modules add under {@code extensions}.
 */
public record SnapshotLineageView(
    long id, String name, String contentHash, String createdBy, Instant createdAt, SnapshotFilterView filter,
    Map<String, Long> counts, List<DatasetRef> datasets, List<Long> campaigns, List<String> raters,
    long adjudicated, Map<String, Object> extensions) {

  /** A dataset the snapshot draws from. */
  public record DatasetRef(long id, String name) {}

  public static SnapshotLineageView of(SnapshotService.SnapshotLineage lineage) {
    return new SnapshotLineageView(lineage.id(), lineage.name(), lineage.contentHash(), lineage.createdBy(),
        lineage.createdAt(), SnapshotFilterView.of(lineage.filter()), lineage.counts(),
        lineage.datasets().stream().map(d -> new DatasetRef(d.id(), d.name())).toList(), lineage.campaigns(),
        lineage.raters(), lineage.adjudicated(), lineage.extensions());
  }
}
