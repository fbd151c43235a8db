package dev.assay.trainer.training;

/**
 * One classifier example.
 *
 * @param text the text to classify
 * @param label its class, as written in the file
 * @param group what keeps it on one side of a split with related examples; the text itself when the
 *     data has no group column
 */
public record LabeledText(String text, String label, String group) {}
