package dev.assay.trainer.scoring;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Limits of the scoring API. */
@ConfigMapping(prefix = "assay.scoring")
public interface ScoringSettings {
  /** Most responses one scoring request may carry. */
  @WithDefault("256")
  int maxBatch();

  /** Longest text (prompt turn or response) accepted, in characters. */
  @WithDefault("100000")
  int maxTextChars();
}
