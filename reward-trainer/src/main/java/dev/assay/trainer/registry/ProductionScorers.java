package dev.assay.trainer.registry;

import dev.assay.trainer.model.ModelKind;
import dev.assay.trainer.model.RewardScorer;
import java.util.Optional;

/**
 * The production models a serving replica holds loaded, for trainer features that score with them
 * (the leaderboard). The serving side implements it, so training never depends on serving.
 */
public interface ProductionScorers {

  /** A loaded production model: its registry version and its scorer. */
  record Loaded(String version, RewardScorer scorer) {}

  /** The production model of a kind, loading it when this replica has not yet. */
  Optional<Loaded> productionScorer(ModelKind kind);
}
