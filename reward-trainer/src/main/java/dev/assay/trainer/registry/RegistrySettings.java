package dev.assay.trainer.registry;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** The safety regression gate (see README, "Release gate and rollback"). */
@ConfigMapping(prefix = "assay.registry.gate")
public interface RegistrySettings {
  /**
   * Snapshot whose test split every reward-model candidate is gated on; default: the production model's
   * snapshot (the data production was gated on), or the candidate's own when nothing is in production.
   */
  Optional<Long> snapshotId();

  /** How much pairwise accuracy a candidate may lose against production and still pass. */
  @WithDefault("0.0")
  double tolerance();

  /** How much macro F1 a classifier may lose against the production classifier of its name and still pass. */
  @WithDefault("0.0")
  double classifierTolerance();

  /** Pairwise accuracy every reward or preference model must reach, the first one included (chance is 0.5). */
  @WithDefault("0.6")
  double minPairAccuracy();

  /** Macro F1 every classifier must reach, the first one of its name included. */
  @WithDefault("0.5")
  double minMacroF1();

  /**
   * Significance level of the regression test: a drop beyond the tolerance refuses the candidate only when
   * the paired bootstrap's one-sided p-value is below it (the drop is not explained by sampling noise).
   */
  @WithDefault("0.05")
  double significance();

  /** Resamples of the paired bootstrap. */
  @WithDefault("2000")
  int bootstrapResamples();
}
