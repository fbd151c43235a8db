package dev.assay.store.dataset.api;

import dev.assay.store.dataset.DatasetSummary;
import java.time.Instant;

/** A dataset as listed: its name and how many records it holds. */
public record DatasetView(long id, String name, String description, Instant createdAt, long records) {
  public static DatasetView of(DatasetSummary dataset) {
    return new DatasetView(dataset.id(), dataset.name(), dataset.description(), dataset.createdAt(), dataset.records());
  }
}
