package dev.assay.store.dataset.format;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.store.record.Choice;
import dev.assay.store.record.PreferenceRecord;
import dev.assay.store.record.ResponseText;

/**
 * Writers for the formats that hold the prompt as one instruction string and each response as one
 * text: AlpacaEval annotations and candidates. The prompt is written with {@link Dialogues#promptText}
 * (multi-turn prompts as HH text); records these formats cannot hold are refused.
 */
final class SingleStringEncoders {
  private SingleStringEncoders() {}

  /** AlpacaEval: preference 1 (A), 2 (B) or 1.5 (tie); {@code dataset} from response A's metadata. */
  static ObjectNode alpacaEval(PreferenceRecord record) {
    if (record.isCandidates() || record.choice() == Choice.BOTH_BAD) {
      throw new UnsupportedRecordException(
          (record.isCandidates() ? "a candidates record" : "a BOTH_BAD judgement") + " cannot be written as alpaca-eval");
    }
    ObjectNode line = instructionLine(record, DatasetFormat.ALPACA_EVAL);
    ResponseText a = record.responses().get(0);
    ResponseText b = record.responses().get(1);
    putDataset(line, a);
    line.put("output_1", text(a, DatasetFormat.ALPACA_EVAL));
    putIfPresent(line, "generator_1", a.generator());
    line.put("output_2", text(b, DatasetFormat.ALPACA_EVAL));
    putIfPresent(line, "generator_2", b.generator());
    line.put("preference", switch (record.choice()) {
      case A -> 1.0;
      case B -> 2.0;
      default -> 1.5;
    });
    return line;
  }

  /** Candidates: {@code output} for one response, {@code outputs} objects for several. */
  static ObjectNode candidates(PreferenceRecord record) {
    if (!record.isCandidates()) {
      throw new UnsupportedRecordException(
          "a judged pair cannot be written as candidates: the judgement would be lost");
    }
    ObjectNode line = instructionLine(record, DatasetFormat.CANDIDATES);
    if (record.responses().size() == 1) {
      ResponseText only = record.responses().get(0);
      line.put("output", text(only, DatasetFormat.CANDIDATES));
      putIfPresent(line, "generator", only.generator());
      putDataset(line, only);
      return line;
    }
    var outputs = line.putArray("outputs");
    for (ResponseText response : record.responses()) {
      ObjectNode output = outputs.addObject().put("output", text(response, DatasetFormat.CANDIDATES));
      putIfPresent(output, "generator", response.generator());
      putDataset(output, response);
    }
    return line;
  }

  private static ObjectNode instructionLine(PreferenceRecord record, DatasetFormat format) {
    String instruction = Dialogues.promptText(record.prompt());
    if (instruction == null) {
      throw new UnsupportedRecordException("the prompt is empty or has a role other than user/assistant; "
          + format.cliName() + " holds it as one instruction string");
    }
    return RecordEncoder.newLine(record).put("instruction", instruction);
  }

  private static String text(ResponseText response, DatasetFormat format) {
    if (Dialogues.isContinuation(response)) {
      throw new UnsupportedRecordException("a response of several turns cannot be written as " + format.cliName());
    }
    return response.text();
  }

  private static void putDataset(ObjectNode node, ResponseText response) {
    if (response.metadata().get(AlpacaEvalParser.DATASET) instanceof String dataset) {
      node.put(AlpacaEvalParser.DATASET, dataset);
    }
  }

  private static void putIfPresent(ObjectNode node, String field, String value) {
    if (value != null) {
      node.put(field, value);
    }
  }
}
