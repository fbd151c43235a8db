package dev.assay.trainer.training;

import dev.assay.store.record.Message;
import java.util.List;
import java.util.Objects;

/**
 * One judged pair as the trainer sees it.
 *
 * @param prompt the conversation before the responses
 * @param chosen the preferred response; for a tie, response A
 * @param rejected the other response; for a tie, response B
 * @param tie whether the judge found neither better
 * @param margin how far the judgement leans to the chosen side, from its strength on the source's scale
 *     ({@link dev.assay.store.record.StrengthScale}); 0 for ties, null when the judgement has no strength
 * @param source where the pair came from (a dataset or subset name), for per-source accuracy
 * @param criterion what the judge compared on (e.g. "harmlessness"), or null
 */
public record TrainingPair(
    List<Message> prompt,
    String chosen,
    String rejected,
    boolean tie,
    Double margin,
    String source,
    String criterion) {

  public TrainingPair {
    prompt = List.copyOf(prompt);
    Objects.requireNonNull(chosen, "chosen");
    Objects.requireNonNull(rejected, "rejected");
    Objects.requireNonNull(source, "source");
  }
}
