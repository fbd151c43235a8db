package dev.assay.store.dataset;

import io.quarkus.hibernate.orm.panache.Panache;

/** Record counts per dataset. */
final class DatasetRecordCounts {
  private DatasetRecordCounts() {}

  static long count(long datasetId) {
    return ((Number) Panache.getEntityManager()
        .createNativeQuery("SELECT count(*) FROM dataset_record WHERE dataset_id = ?1")
        .setParameter(1, datasetId)
        .getSingleResult()).longValue();
  }
}
