package dev.assay.store.dataset.format;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assay.store.record.Message;
import dev.assay.store.record.PreferenceRecord;
import dev.assay.store.record.ResponseText;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Candidate responses without a judgement, such as AlpacaEval model outputs (one file per model).
 *
 * <p>Accepted fields: the prompt as {@code instruction} or {@code prompt} (a string, or a message
 * list); then either one response in {@code output} with optional {@code generator}, or several in
 * {@code outputs} / {@code responses}, each a string or an object with {@code output} / {@code response}
 * / {@code text} and optional {@code generator} / {@code model} and {@code dataset}. A top-level
 * {@code dataset} goes into each response's metadata unless the response names its own, a top-level
 * {@code generator} is the default generator. Grouping the candidates of one prompt across files
 * happens in the store, by prompt hash, not here.
 */
final class CandidatesParser {
  private CandidatesParser() {}

  static List<PreferenceRecord> parse(RecordInput in) {
    JsonNode json = in.json();
    List<Message> prompt = prompt(in, in.firstPresent(json, "", "instruction", "prompt"));
    String generator = in.optionalText("generator");
    String dataset = in.optionalText(AlpacaEvalParser.DATASET);
    List<ResponseText> responses = new ArrayList<>();
    if (RecordInput.optional(json, "output") != null) {
      responses.add(new ResponseText(in.text("output"), generator, metadata(dataset)));
    } else {
      String field = in.firstPresent(json, "", "outputs", "responses");
      JsonNode items = in.array(json, "", field);
      if (items.isEmpty() || items.size() > in.limits().maxResponses()) {
        throw in.error(field, "must hold 1 to " + in.limits().maxResponses() + " responses but has " + items.size());
      }
      for (int i = 0; i < items.size(); i++) {
        responses.add(response(in, items.get(i), RecordInput.path(field, i), generator, dataset));
      }
    }
    return List.of(new PreferenceRecord(prompt, responses, null, null, in.originalId(), in.line()));
  }

  private static List<Message> prompt(RecordInput in, String field) {
    JsonNode value = in.json().get(field);
    return value.isArray() ? in.messages(value, field) : Dialogues.promptFromText(in.text(field));
  }

  private static ResponseText response(RecordInput in, JsonNode item, String path, String generator, String dataset) {
    if (item.isTextual()) {
      return new ResponseText(in.text(item, path), generator, metadata(dataset));
    }
    if (!item.isObject()) {
      throw in.error(path, "must be a string or an object with \"output\" but was " + Json.kind(item));
    }
    String text = in.text(item, path, in.firstPresent(item, path, "output", "response", "text"));
    String ownGenerator = in.optionalText(item, path, RecordInput.optional(item, "model") != null ? "model" : "generator");
    String ownDataset = in.optionalText(item, path, AlpacaEvalParser.DATASET);
    return new ResponseText(text, ownGenerator != null ? ownGenerator : generator,
        metadata(ownDataset != null ? ownDataset : dataset));
  }

  private static Map<String, Object> metadata(String dataset) {
    return dataset == null ? Map.of() : Map.of(AlpacaEvalParser.DATASET, dataset);
  }
}
