package dev.assay.labeling.handout;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A stored judgement, shown back to the rater in their own left/right terms ({@code created} is false
 * when the submit was a repeat).
 */
public record Judgement(
    long assignmentId,
    long preferenceId,
    Side choice,
    Integer strength,
    Map<String, Side> criteria,
    List<String> flags,
    Instant judgedAt,
    boolean created) {}
