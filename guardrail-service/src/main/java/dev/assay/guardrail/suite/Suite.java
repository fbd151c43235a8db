package dev.assay.guardrail.suite;

import java.util.List;

/**
 * A named set of probes. Saving a suite under a name that exists makes a new version; a run names the
 * version it ran.
 *
 * @param source where the probes came from (the builder and its input files), for the record
 */
public record Suite(String name, SuiteKind kind, String description, String source, List<Probe> probes) {
  public Suite {
    probes = List.copyOf(probes);
  }
}
