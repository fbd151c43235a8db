package dev.assay.store.snapshot.api;

import dev.assay.store.snapshot.SnapshotService;
import java.time.Instant;
import java.util.Map;

/** A snapshot as listed: its summary plus who froze it and when. */
public record SnapshotListView(
    long id, String name, String contentHash, Map<String, Long> counts, String createdBy, Instant createdAt) {
  public static SnapshotListView of(SnapshotService.SnapshotListItem item) {
    return new SnapshotListView(
        item.id(), item.name(), item.contentHash(), item.counts(), item.createdBy(), item.createdAt());
  }
}
