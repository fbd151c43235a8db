package dev.assay.guardrail.suite.run;

import java.util.List;
import java.util.Map;

/**
 * A run against a baseline run, probe by probe (by key, so two versions of a suite compare on the probes
 * they share): what fails now and did not before, what failed before and passes now, what fails in both.
 *
 * @param newlyFailing keys failing in the run that passed in the baseline, or were not in it
 * @param metricDeltas the run's value minus the baseline's, for every numeric metric both report
 */
public record RunComparison(
    long run,
    long baseline,
    List<String> newlyFailing,
    List<String> fixed,
    List<String> stillFailing,
    Map<String, Double> metricDeltas) {}
