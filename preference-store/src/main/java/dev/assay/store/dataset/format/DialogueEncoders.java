package dev.assay.store.dataset.format;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.store.record.Message;
import dev.assay.store.record.PreferenceRecord;
import dev.assay.store.record.ResponseText;
import java.util.List;

/**
 * Writers for the chosen/rejected formats, the inverses of {@link DialogueParsers}. Continuation
 * responses are written back as their turns, so reading the output gives the same records.
 *
 * <p>TRL standard has only strings. A prompt that is one user message is written as its content. Any
 * other prompt (multi-turn, or with continuations) is written in HH text form, as in TRL's classic
 * HH-RLHF example: {@code prompt} ends with the {@code "\n\nAssistant:"} cue and each answer starts with
 * the space after it, so {@code prompt + chosen} is exactly the chosen dialogue a trainer tokenises.
 * Prompts with roles HH text cannot express (system, tool) are refused: use trl-conversational.
 *
 * <p>Strength is not written as TRL's {@code margin}: strengths come on each source's own scale
 * (AlpacaEval's is 1 / 1.5 / 2) and a margin directly scales the reward-model loss.
 */
final class DialogueEncoders {
  private DialogueEncoders() {}

  static ObjectNode hhRlhf(PreferenceRecord record) {
    RecordEncoder.requireChosenRejected(record, DatasetFormat.HH_RLHF);
    ObjectNode line = RecordEncoder.newLine(record);
    line.put("chosen", hhText(Dialogues.dialogue(record.prompt(), record.chosen()), DatasetFormat.HH_RLHF));
    line.put("rejected", hhText(Dialogues.dialogue(record.prompt(), record.rejected()), DatasetFormat.HH_RLHF));
    return line;
  }

  static ObjectNode trlStandard(PreferenceRecord record) {
    RecordEncoder.requireChosenRejected(record, DatasetFormat.TRL_STANDARD);
    List<Message> prompt = record.prompt();
    ResponseText chosen = record.chosen();
    ResponseText rejected = record.rejected();
    boolean continuation = Dialogues.isContinuation(chosen) || Dialogues.isContinuation(rejected);
    ObjectNode line = RecordEncoder.newLine(record);
    if (Dialogues.isSingleUser(prompt) && !HhText.startsWithMarker(prompt.get(0).content()) && !continuation) {
      line.put("prompt", prompt.get(0).content());
      line.put("chosen", chosen.text());
      line.put("rejected", rejected.text());
      return line;
    }
    String promptText = hhText(prompt, DatasetFormat.TRL_STANDARD) + (continuation ? "" : HhText.ASSISTANT);
    String chosenText = hhText(Dialogues.dialogue(prompt, chosen), DatasetFormat.TRL_STANDARD);
    String rejectedText = hhText(Dialogues.dialogue(prompt, rejected), DatasetFormat.TRL_STANDARD);
    line.put("prompt", promptText);
    line.put("chosen", chosenText.substring(promptText.length()));
    line.put("rejected", rejectedText.substring(promptText.length()));
    return line;
  }

  static ObjectNode trlConversational(PreferenceRecord record) {
    RecordEncoder.requireChosenRejected(record, DatasetFormat.TRL_CONVERSATIONAL);
    ObjectNode line = RecordEncoder.newLine(record);
    line.set("prompt", messages(record.prompt()));
    line.set("chosen", messages(Dialogues.messages(record.chosen())));
    line.set("rejected", messages(Dialogues.messages(record.rejected())));
    return line;
  }

  /** TRL implicit prompt, as message lists: each side is the whole dialogue. */
  static ObjectNode trlImplicit(PreferenceRecord record) {
    RecordEncoder.requireChosenRejected(record, DatasetFormat.TRL_IMPLICIT);
    ObjectNode line = RecordEncoder.newLine(record);
    line.set("chosen", messages(Dialogues.dialogue(record.prompt(), record.chosen())));
    line.set("rejected", messages(Dialogues.dialogue(record.prompt(), record.rejected())));
    return line;
  }

  static ObjectNode openAi(PreferenceRecord record) {
    RecordEncoder.requireChosenRejected(record, DatasetFormat.OPENAI_PREFERENCE);
    ObjectNode line = RecordEncoder.newLine(record);
    line.putObject("input").set("messages", messages(record.prompt()));
    line.set("preferred_output", messages(Dialogues.messages(record.chosen())));
    line.set("non_preferred_output", messages(Dialogues.messages(record.rejected())));
    return line;
  }

  private static String hhText(List<Message> messages, DatasetFormat format) {
    String text = HhText.format(messages);
    if (text == null) {
      throw new UnsupportedRecordException("the conversation has a role other than user/assistant, or a text"
          + " containing an HH turn marker; " + format.cliName() + " cannot hold it as HH text"
          + " (trl-conversational can)");
    }
    return text;
  }

  private static ArrayNode messages(List<Message> messages) {
    ArrayNode array = Json.MAPPER.createArrayNode();
    for (Message message : messages) {
      array.addObject().put("role", message.role()).put("content", message.content());
    }
    return array;
  }
}
