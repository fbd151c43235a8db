package dev.assay.guardrail.suite.run;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How suite runs use the machine. */
@ConfigMapping(prefix = "assay.suite.run")
public interface SuiteRunSettings {
  /** Probes evaluated at once (the policy's checks are CPU-bound: more threads than cores only queue). */
  @WithDefault("2")
  int parallelism();

  /**
   * How long one check of a policy may take in a run: longer than a live decision's budget, so a busy
   * machine's timeouts do not count as the policy's onError decisions (a run counts those that remain as
   * {@code check_errors}).
   */
  @WithDefault("30s")
  Duration checkTimeout();

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
