package dev.assay.labeling.handout;

import java.util.List;
import java.util.Map;

/**
 * A rater's judgement, in the terms the rater saw: {@code choice} and per-criterion choices as
 * LEFT/RIGHT/TIE/BOTH_BAD; {@code strength} on the seven-point scale 1 (left much better) .. 7 (right
 * much better), 4 = tie.
 */
public record JudgementInput(
    Side choice,
    Integer strength,
    Map<String, Side> criteria,
    List<String> flags,
    String rationale,
    Long timeSpentMs) {}
