package dev.assay.trainer.scoring;

import dev.assay.store.record.Message;
import dev.assay.trainer.model.ModelKind;
import dev.assay.trainer.model.PairPrediction;
import dev.assay.trainer.model.Reward;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Rewards for responses and preferences between two, from the production models. */
@ApplicationScoped
public class ScoringService {
  private final ProductionModels models;

  public ScoringService(ProductionModels models) {
    this.models = models;
  }

  /** Rewards and the model version that produced them. */
  public record Scored(String modelVersion, List<Reward> rewards) {}

  /** P(A better) and where it came from. */
  public record Compared(String modelVersion, String method, double aBetter, double tie, double bBetter) {}

  public Scored score(List<Message> prompt, List<String> responses) {
    ProductionModels.Active model = models.require(ModelKind.REWARD);
    return new Scored(model.version(), model.scorer().score(prompt, responses));
  }

  /** From the preference model when one is in production, else from the reward model's difference. */
  public Compared compare(List<Message> prompt, String responseA, String responseB) {
    var preference = models.current(ModelKind.PREFERENCE);
    ProductionModels.Active model = preference.orElseGet(() -> models.require(ModelKind.REWARD));
    PairPrediction prediction = model.scorer().compare(prompt, responseA, responseB);
    String method = preference.isPresent() ? "preference-model" : "reward-difference";
    return new Compared(model.version(), method, prediction.aBetter(), prediction.tie(), prediction.bBetter());
  }
}
