package dev.assay.trainer.model;

/**
 * The columns (CSV) or keys (JSON lines) a classifier reads its examples from.
 *
 * @param text the text to classify
 * @param label its class
 * @param group what keeps related rows on one side of a split (e.g. the question a response answers);
 *     null when every text is its own group
 */
public record TextColumns(String text, String label, String group) {

  public TextColumns {
    if (text == null || text.isBlank() || label == null || label.isBlank()) {
      throw new IllegalArgumentException("a text column and a label column are required");
    }
    if (group != null && group.isBlank()) {
      group = null;
    }
  }
}
