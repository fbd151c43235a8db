package dev.assay.guardrail.rollout;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Staged rollouts: the shadow's queue and how soon a replica sees rollouts started or ended elsewhere. */
@ConfigMapping(prefix = "assay.guardrail.rollout")
public interface RolloutSettings {
  /**
   * Requests waiting for the shadow candidate. When full, a request is not evaluated by the candidate and
   * is counted as dropped: the shadow never slows live traffic down.
   */
  @WithDefault("1000")
  int shadowQueueCapacity();

  /** Most shadow decisions written in one transaction. */
  @WithDefault("200")
  int shadowBatchSize();

  /** How often a replica reads which rollouts run (one started or ended on this replica applies at once). */
  @WithDefault("5s")
  Duration refreshInterval();
}
