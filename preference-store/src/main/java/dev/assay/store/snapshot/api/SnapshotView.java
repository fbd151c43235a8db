package dev.assay.store.snapshot.api;

import dev.assay.store.snapshot.SnapshotService;
import java.util.Map;

/** A frozen snapshot: its content hash and the record count of each split. */
public record SnapshotView(long id, String name, String contentHash, Map<String, Long> counts) {
  public static SnapshotView of(SnapshotService.SnapshotSummary snapshot) {
    return new SnapshotView(snapshot.id(), snapshot.name(), snapshot.contentHash(), snapshot.counts());
  }
}
