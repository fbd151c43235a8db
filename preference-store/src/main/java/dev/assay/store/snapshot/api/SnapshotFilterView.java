package dev.assay.store.snapshot.api;

import dev.assay.platform.problem.ProblemException;
import dev.assay.store.snapshot.SnapshotFilter;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Which preferences a snapshot freezes and how it splits them, as clients send and read it (see
 * {@link SnapshotFilter} for each field). A fraction left out takes its default (0.1 each), so that a snapshot
 * has a test split for the promotion gate unless a client asks for none with 0.
 */
public record SnapshotFilterView(
    List<String> datasets,
    List<Long> campaigns,
    List<String> sources,
    boolean excludeFlagged,
    boolean includeTies,
    boolean includeBothBad,
    @Schema(defaultValue = "0.1") Double validationFraction,
    @Schema(defaultValue = "0.1") Double testFraction,
    @Schema(enumeration = {"adjudicated", "raw"}, defaultValue = "adjudicated") String judgements) {

  public static SnapshotFilterView of(SnapshotFilter filter) {
    return new SnapshotFilterView(filter.datasets(), filter.campaigns(), filter.sources(), filter.excludeFlagged(),
        filter.includeTies(), filter.includeBothBad(), filter.validationFraction(), filter.testFraction(),
        filter.judgements().name().toLowerCase(Locale.ROOT));
  }

  SnapshotFilter toFilter() {
    return new SnapshotFilter(datasets, campaigns, sources, excludeFlagged, includeTies, includeBothBad,
        validationFraction == null ? SnapshotFilter.DEFAULT_VALIDATION_FRACTION : validationFraction,
        testFraction == null ? SnapshotFilter.DEFAULT_TEST_FRACTION : testFraction, judgementsMode());
  }

  private SnapshotFilter.Judgements judgementsMode() {
    if (judgements == null) {
      return null;
    }
    try {
      return SnapshotFilter.Judgements.valueOf(judgements.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ProblemException.invalid("filter.judgements",
          "judgements must be \"adjudicated\" or \"raw\" but was \"" + judgements + "\"");
    }
  }
}
