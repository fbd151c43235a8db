package dev.assay.store.dataset;

import java.time.Instant;

/** A dataset as listed: its name and how many records it holds. */
public record DatasetSummary(long id, String name, String description, Instant createdAt, long records) {}
