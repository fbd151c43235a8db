package dev.assay.store.snapshot;

/**
 * The extension point for what other modules know about a snapshot, such as the reward models trained
 * on it (the trainer's {@code reward_model} table, which the store must not depend on). Each CDI bean
 * implementing this adds one entry, under {@link #key()}, to {@code GET /api/v1/snapshots/{id}/lineage}'s
 * {@code extensions}. The store ships none.
 */
public interface SnapshotLineageContributor {
  /** The entry's name in {@code extensions}, e.g. {@code "models"}. */
  String key();

  /** What this module knows about the snapshot (any JSON-serialisable value); called in a transaction. */
  Object describe(long snapshotId);
}
