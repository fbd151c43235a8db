package dev.assay.guardrail.suite.run;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How suite runs use the machine. */
@ConfigMapping(prefix = "assay.suite.run")
public interface SuiteRunSettings {
  /** Probes evaluated at once (the policy's checks are CPU-bound: more threads than cores only queue). */
  @WithDefault("2")
  int parallelism();

  /** Texts a reward model scores in one batch. */
  @WithDefault("256")
  int scoringBatch();

  /**
   * Most probes a run over REST may have: a run answers when it is done, so this bounds how long a
   * request takes (the CLI has no bound).
   */
  @WithDefault("20000")
  int maxProbes();
}
