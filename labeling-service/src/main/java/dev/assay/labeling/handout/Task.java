package dev.assay.labeling.handout;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * A task as a rater sees it: the conversation and two responses labelled left and right, with no model
 * names, comparison id or gold marker, so gold items look like any other.
 */
public record Task(
    long assignmentId,
    long campaignId,
    String campaignName,
    String guidelines,
    String scale,
    boolean allowBothBad,
    List<String> criteria,
    JsonNode prompt,
    String left,
    String right,
    Instant leaseExpiresAt,
    boolean resumed) {}
