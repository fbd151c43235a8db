package dev.assay.store.snapshot.api;

import dev.assay.store.snapshot.SnapshotFilter;
import java.util.List;

/**
 * Which preferences a snapshot freezes and how it splits them, as clients send and read it (see
 * {@link SnapshotFilter} for each field).
 */
public record SnapshotFilterView(
    List<String> datasets,
    List<Long> campaigns,
    List<String> sources,
    boolean excludeFlagged,
    boolean includeTies,
    boolean includeBothBad,
    double validationFraction,
    double testFraction) {

  public static SnapshotFilterView of(SnapshotFilter filter) {
    return new SnapshotFilterView(filter.datasets(), filter.campaigns(), filter.sources(), filter.excludeFlagged(),
        filter.includeTies(), filter.includeBothBad(), filter.validationFraction(), filter.testFraction());
  }

  SnapshotFilter toFilter() {
    return new SnapshotFilter(datasets, campaigns, sources, excludeFlagged, includeTies, includeBothBad,
        validationFraction, testFraction);
  }
}
