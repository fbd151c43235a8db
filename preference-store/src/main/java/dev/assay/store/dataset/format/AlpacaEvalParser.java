package dev.assay.store.dataset.format;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assay.store.record.Choice;
import dev.assay.store.record.PreferenceRecord;
import dev.assay.store.record.ResponseText;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * AlpacaEval annotations: {@code instruction}, {@code output_1}/{@code generator_1} (response A),
 * {@code output_2}/{@code generator_2} (B) and the judge's {@code preference}.
 *
 * <p>The preference comes as a number or a string: 1 / "1" / "1.0" means A, 2 / "2" / "2.0" means B,
 * 1.5 / "1.5" a tie. It is also kept as the strength. A null or missing preference (the judge gave no
 * verdict) skips the record without an error; anything else is an error. {@code dataset} is kept in
 * both responses' metadata; a top-level {@code id} becomes the original id.
 */
final class AlpacaEvalParser {
  static final String DATASET = "dataset";
  private static final Pattern DECIMAL = Pattern.compile("\\s*[0-9]+(\\.[0-9]+)?\\s*");

  private AlpacaEvalParser() {}

  static List<PreferenceRecord> parse(RecordInput in) {
    JsonNode preference = RecordInput.optional(in.json(), "preference");
    if (preference == null) {
      return in.skip("\"preference\" is null or missing: the judge gave no verdict");
    }
    double value = preferenceValue(in, preference);
    Choice choice = value == 1.0 ? Choice.A : value == 2.0 ? Choice.B : value == 1.5 ? Choice.TIE : null;
    if (choice == null) {
      throw in.error("preference", "must be 1, 2 or 1.5 (a tie) but was " + preference);
    }
    String dataset = in.optionalText(DATASET);
    Map<String, Object> metadata = dataset == null ? Map.of() : Map.of(DATASET, dataset);
    ResponseText a = new ResponseText(in.text("output_1"), in.optionalText("generator_1"), metadata);
    ResponseText b = new ResponseText(in.text("output_2"), in.optionalText("generator_2"), metadata);
    return List.of(new PreferenceRecord(Dialogues.promptFromText(in.text("instruction")), List.of(a, b), choice,
        value, in.originalId(), in.line()));
  }

  private static double preferenceValue(RecordInput in, JsonNode preference) {
    if (preference.isNumber()) {
      return preference.doubleValue();
    }
    if (preference.isTextual() && DECIMAL.matcher(preference.textValue()).matches()) {
      return Double.parseDouble(preference.textValue());
    }
    throw in.error("preference", "must be 1, 2 or 1.5 (a tie) but was " + preference);
  }
}
