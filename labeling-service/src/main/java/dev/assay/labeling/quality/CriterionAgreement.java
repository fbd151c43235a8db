package dev.assay.labeling.quality;

/**
 * Agreement on one criterion of a campaign ({@code overall} is the main choice). Ordinal values:
 * the seven-point strength, or A &lt; TIE &lt; B (BOTH_BAD missing); null when undefined.
 */
public record CriterionAgreement(
    String criterion, int units, int values, Double alphaNominal, Double alphaOrdinal, Double fleissKappa) {}
