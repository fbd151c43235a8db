package dev.assay.guardrail.suite.build;

import dev.assay.guardrail.suite.Suite;
import dev.assay.guardrail.suite.SuiteKind;
import java.io.IOException;

/**
 * Makes the probes of one kind of suite from source files (garak's probe families). Builders are
 * deterministic: the same files give the same suite, probe for probe.
 */
public interface SuiteBuilder {
  SuiteKind kind();

  /** @throws IllegalArgumentException naming the file and line of bad input */
  Suite build(BuildInput input) throws IOException;
}
