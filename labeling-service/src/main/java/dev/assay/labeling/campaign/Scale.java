package dev.assay.labeling.campaign;

/**
 * How raters express a judgement.
 *
 * <ul>
 *   <li>{@code BINARY}: left or right (and "both bad" when the campaign allows it); no ties.
 *   <li>{@code SEVEN_POINT}: a strength from 1 ("left much better") to 7 ("right much better"), 4 = tie,
 *       as the rater saw the pair; stored canonically (1 = A much better, 7 = B much better).
 * </ul>
 */
public enum Scale {
  BINARY,
  SEVEN_POINT
}
