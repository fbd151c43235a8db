package dev.assay.store.record;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A stored preference as the labeling service reads it back, in canonical A/B terms. */
public record RecordedJudgement(
    long id,
    Long assignmentId,
    long comparisonId,
    String rater,
    Choice choice,
    Double strength,
    Map<String, String> criteria,
    List<String> flags,
    boolean aShownLeft,
    Long timeSpentMs,
    Instant judgedAt) {}
