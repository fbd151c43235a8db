package dev.assay.trainer.model;

/**
 * How much a phrase of a text moved a classifier towards one label: {@link ClassifierScorer#explain}.
 *
 * @param phrase a word, a word pair or a short window of the text (lower-cased for hashed models)
 * @param weight its effect on the label's calibrated margin (the label's logit less the mean of the other
 *     labels' logits, divided by the temperature: the log-odds for two labels); positive towards the label
 */
public record Contribution(String phrase, double weight) {}
