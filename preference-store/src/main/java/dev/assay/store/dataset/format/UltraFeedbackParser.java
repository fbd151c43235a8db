package dev.assay.store.dataset.format;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assay.store.record.Choice;
import dev.assay.store.record.PreferenceRecord;
import dev.assay.store.record.ResponseText;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * UltraFeedback-style rows: one prompt with several scored completions, expanded into one pair per two
 * completions. The higher-scored completion is response A with {@link Choice#A}; equal scores give a
 * {@link Choice#TIE} in completion order. Each response keeps its score as {@code score} metadata.
 *
 * <p>Accepted fields: the prompt as {@code prompt} or {@code instruction} (string); {@code completions}:
 * objects with the text in {@code response}, {@code output} or {@code text}, the generator in
 * {@code model} or {@code generator}, and a numeric score, the first present of {@code overall_score},
 * {@code score}, {@code rating}, {@code fine-grained_score}. Rows with fewer than two completions are
 * skipped (nothing to compare); a top-level {@code id} is the original id of every pair.
 */
final class UltraFeedbackParser {
  private static final String[] SCORES = {"overall_score", "score", "rating", "fine-grained_score"};

  private UltraFeedbackParser() {}

  private record Scored(ResponseText response, double score) {}

  static List<PreferenceRecord> parse(RecordInput in) {
    String promptField = in.firstPresent(in.json(), "", "prompt", "instruction");
    var prompt = Dialogues.promptFromText(in.text(promptField));
    JsonNode completions = in.array(in.json(), "", "completions");
    if (completions.size() > in.limits().maxResponses()) {
      throw in.error("completions", "has " + completions.size() + " completions; the limit is "
          + in.limits().maxResponses());
    }
    if (completions.size() < 2) {
      return in.skip("fewer than two completions: nothing to compare");
    }
    List<Scored> scored = new ArrayList<>();
    for (int i = 0; i < completions.size(); i++) {
      scored.add(completion(in, completions.get(i), RecordInput.path("completions", i)));
    }
    String id = in.originalId();
    List<PreferenceRecord> pairs = new ArrayList<>();
    for (int i = 0; i < scored.size(); i++) {
      for (int j = i + 1; j < scored.size(); j++) {
        Scored first = scored.get(i);
        Scored second = scored.get(j);
        boolean swap = second.score() > first.score();
        Choice choice = first.score() == second.score() ? Choice.TIE : Choice.A;
        List<ResponseText> responses = swap
            ? List.of(second.response(), first.response())
            : List.of(first.response(), second.response());
        pairs.add(new PreferenceRecord(prompt, responses, choice, null, id, in.line()));
      }
    }
    return pairs;
  }

  private static Scored completion(RecordInput in, JsonNode completion, String path) {
    if (!completion.isObject()) {
      throw in.error(path, "must be an object but was " + Json.kind(completion));
    }
    String text = in.text(completion, path, in.firstPresent(completion, path, "response", "output", "text"));
    String generatorField = RecordInput.optional(completion, "model") != null ? "model" : "generator";
    String generator = in.optionalText(completion, path, generatorField);
    String scoreField = in.firstPresent(completion, path, SCORES);
    JsonNode score = completion.get(scoreField);
    if (!score.isNumber()) {
      throw in.error(RecordInput.path(path, scoreField), "must be a number but was " + Json.kind(score));
    }
    return new Scored(new ResponseText(text, generator, Map.of("score", score.doubleValue())), score.doubleValue());
  }
}
