package dev.assay.guardrail.suite.build;

import java.nio.file.Path;

/**
 * What a builder reads.
 *
 * @param name the suite's name
 * @param data the kind's main file (templates, questions or a jailbreak suite, XSTest prompts, responses,
 *     CrowS-Pairs, counterfactual templates); null only where the kind has a default (counterfactual)
 * @param questions the harmful questions (jailbreak; optional for harmful-responses); may be null
 * @param sample how many source probes to mutate (mutations), chosen by a hash of their keys; null for all
 */
public record BuildInput(String name, Path data, Path questions, Integer sample) {}
