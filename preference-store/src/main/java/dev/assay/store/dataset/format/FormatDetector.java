package dev.assay.store.dataset.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Tells a file's format from the field names (and, where names are shared, the value types) of its
 * first record. Rules, first match wins:
 *
 * <ol>
 *   <li>{@code input} and {@code preferred_output}: OpenAI preference
 *   <li>{@code completions}: UltraFeedback
 *   <li>{@code output_1} and {@code output_2}: AlpacaEval annotations
 *   <li>{@code response_a} and {@code response_b}: CSV (a CSV file's header row gives the names)
 *   <li>{@code chosen} and {@code rejected} with {@code prompt}: TRL conversational when the prompt is
 *       a list, TRL standard otherwise
 *   <li>{@code chosen} and {@code rejected} without prompt: HH-RLHF when {@code chosen} is text starting
 *       with a Human turn, TRL implicit prompt otherwise
 *   <li>{@code instruction} or {@code prompt}, with {@code output}, {@code outputs} or
 *       {@code responses}: candidates
 * </ol>
 */
final class FormatDetector {
  private FormatDetector() {}

  /** The format, or null when no rule matches. */
  static DatasetFormat detect(ObjectNode json) {
    if (json.has("input") && json.has("preferred_output")) {
      return DatasetFormat.OPENAI_PREFERENCE;
    }
    if (json.has("completions")) {
      return DatasetFormat.ULTRAFEEDBACK;
    }
    if (json.has("output_1") && json.has("output_2")) {
      return DatasetFormat.ALPACA_EVAL;
    }
    if (json.has("response_a") && json.has("response_b")) {
      return DatasetFormat.CSV;
    }
    if (json.has("chosen") && json.has("rejected")) {
      JsonNode prompt = json.get("prompt");
      if (prompt != null) {
        return prompt.isArray() ? DatasetFormat.TRL_CONVERSATIONAL : DatasetFormat.TRL_STANDARD;
      }
      JsonNode chosen = json.get("chosen");
      return chosen.isTextual() && HhText.looksLikeDialogue(chosen.textValue())
          ? DatasetFormat.HH_RLHF
          : DatasetFormat.TRL_IMPLICIT;
    }
    if ((json.has("instruction") || json.has("prompt"))
        && (json.has("output") || json.has("outputs") || json.has("responses"))) {
      return DatasetFormat.CANDIDATES;
    }
    return null;
  }
}
