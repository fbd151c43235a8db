package dev.assay.store.dataset.format;

import dev.assay.store.record.Choice;
import dev.assay.store.record.Message;
import dev.assay.store.record.PreferenceRecord;
import dev.assay.store.record.ResponseText;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * CSV rows as {@link CsvWriter} writes them: {@code prompt} (empty for no prompt, otherwise as
 * {@link Dialogues#promptFromText}), {@code response_a}, {@code response_b}, {@code generator_a},
 * {@code generator_b}, {@code choice} (A, B, TIE, BOTH_BAD), {@code strength}, {@code original_id}. An
 * empty cell is null (no prompt, no generator...), a quoted empty cell {@code ""} the empty text.
 *
 * <p>A row with a choice is a judged pair. A row without one is a candidates record: response A, and
 * response B unless it is null. CSV carries no response metadata.
 */
final class CsvParser {
  private CsvParser() {}

  static List<PreferenceRecord> parse(RecordInput in) {
    String promptText = in.optionalText("prompt");
    List<Message> prompt = promptText == null ? List.of() : Dialogues.promptFromText(promptText);
    ResponseText a = new ResponseText(in.text("response_a"), in.optionalText("generator_a"), Map.of());
    String responseB = in.optionalText("response_b");
    String generatorB = in.optionalText("generator_b");
    String choiceText = in.optionalText("choice");
    String strengthText = in.optionalText("strength");
    String originalId = in.optionalText("original_id");
    if (choiceText == null) {
      List<ResponseText> responses = new ArrayList<>(List.of(a));
      if (responseB != null) {
        responses.add(new ResponseText(responseB, generatorB, Map.of()));
      }
      return List.of(new PreferenceRecord(prompt, responses, null, strength(in, strengthText), originalId, in.line()));
    }
    Choice choice;
    try {
      choice = Choice.valueOf(choiceText.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw in.error("choice", "must be A, B, TIE, BOTH_BAD or empty (candidates) but was \"" + choiceText + "\"");
    }
    ResponseText b = new ResponseText(in.text("response_b"), generatorB, Map.of());
    return List.of(new PreferenceRecord(prompt, List.of(a, b), choice, strength(in, strengthText), originalId,
        in.line()));
  }

  private static Double strength(RecordInput in, String text) {
    if (text == null) {
      return null;
    }
    try {
      return Double.valueOf(text);
    } catch (NumberFormatException e) {
      throw in.error("strength", "must be a number or empty but was \"" + text + "\"");
    }
  }
}
