package dev.assay.trainer.registry;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** The safety regression gate. */
@ConfigMapping(prefix = "assay.registry.gate")
public interface RegistrySettings {
  /** Snapshot whose test split every candidate is gated on; default: the candidate's own snapshot. */
  Optional<Long> snapshotId();

  /** How much pairwise accuracy a candidate may lose against production and still pass. */
  @WithDefault("0.0")
  double tolerance();

  /** How much macro F1 a classifier may lose against the production classifier of its name and still pass. */
  @WithDefault("0.0")
  double classifierTolerance();
}
