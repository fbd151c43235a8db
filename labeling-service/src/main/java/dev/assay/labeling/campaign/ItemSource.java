package dev.assay.labeling.campaign;

import java.util.List;

/**
 * Where a campaign's comparisons come from: explicit comparison ids, a dataset of imported pairs
 * ({@link Mode#PAIRS}), or a dataset of candidates turned into pairs per prompt ({@link Mode#ALL_PAIRS}
 * or {@link Mode#SAMPLED_PAIRS} with {@code pairsPerPrompt} and {@code seed}).
 */
public record ItemSource(
    List<Long> comparisonIds, String dataset, Mode mode, Integer pairsPerPrompt, Long seed) {
  public enum Mode {
    PAIRS,
    ALL_PAIRS,
    SAMPLED_PAIRS
  }
}
