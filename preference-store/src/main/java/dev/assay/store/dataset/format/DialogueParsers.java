package dev.assay.store.dataset.format;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assay.store.record.Choice;
import dev.assay.store.record.Message;
import dev.assay.store.record.PreferenceRecord;
import dev.assay.store.record.ResponseText;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Readers for the chosen/rejected formats. Each one builds the two whole dialogues and lets
 * {@link Dialogues#split} find the prompt, so all of them treat shared leading turns, multi-turn
 * answers and identical sides the same way.
 *
 * <ul>
 *   <li>HH-RLHF: {@code chosen}/{@code rejected} dialogue texts, parsed with {@link HhText}.
 *   <li>TRL standard: {@code prompt}, {@code chosen}, {@code rejected} strings. A prompt in HH text form
 *       (as Assay writes multi-turn prompts, and as the classic TRL HH-RLHF example does) is read as
 *       HH text of {@code prompt + chosen} and {@code prompt + rejected}; any other prompt is one user
 *       message.
 *   <li>TRL conversational: {@code prompt}, {@code chosen}, {@code rejected} message lists. Messages
 *       both sides start with join the prompt; a side that is then one assistant message is the
 *       response, anything longer is a continuation (see {@link Dialogues}).
 *   <li>TRL implicit prompt: {@code chosen}/{@code rejected} message lists (prompt = shared leading
 *       messages) or strings: HH text when it starts with a Human turn, otherwise the longest common
 *       character prefix is the prompt, minus a trailing space, as TRL's {@code extract_prompt} does.
 *   <li>OpenAI preference fine-tuning: {@code input.messages}, {@code preferred_output},
 *       {@code non_preferred_output}; {@code input.tools} and other keys are not kept.
 * </ul>
 *
 * <p>In all of them the chosen side is response A ({@link Choice#A}), a top-level {@code id} is the
 * original id, a numeric {@code margin} is the strength, and numeric {@code score_chosen} /
 * {@code score_rejected} are kept as the responses' {@code score} metadata.
 */
final class DialogueParsers {
  private DialogueParsers() {}

  static List<PreferenceRecord> hhRlhf(RecordInput in) {
    return pair(in, hhDialogue(in, "chosen", in.text("chosen")), hhDialogue(in, "rejected", in.text("rejected")),
        "chosen", "rejected");
  }

  static List<PreferenceRecord> trlStandard(RecordInput in) {
    String prompt = in.text("prompt");
    String chosen = in.text("chosen");
    String rejected = in.text("rejected");
    if (HhText.startsWithMarker(prompt.isEmpty() ? chosen : prompt)) {
      return pair(in, hhDialogue(in, "chosen", prompt + chosen), hhDialogue(in, "rejected", prompt + rejected),
          "chosen", "rejected");
    }
    Message user = Message.user(prompt);
    return pair(in, List.of(user, Message.assistant(chosen)), List.of(user, Message.assistant(rejected)),
        "chosen", "rejected");
  }

  static List<PreferenceRecord> trlConversational(RecordInput in) {
    List<Message> prompt = in.messages(in.json(), "", "prompt");
    return pair(in, concat(prompt, nonEmptyMessages(in, "chosen")), concat(prompt, nonEmptyMessages(in, "rejected")),
        "chosen", "rejected");
  }

  static List<PreferenceRecord> trlImplicit(RecordInput in) {
    JsonNode chosen = in.required(in.json(), "", "chosen");
    if (chosen.isArray()) {
      return pair(in, nonEmptyMessages(in, "chosen"), nonEmptyMessages(in, "rejected"), "chosen", "rejected");
    }
    String chosenText = in.text("chosen");
    if (HhText.looksLikeDialogue(chosenText)) {
      return hhRlhf(in);
    }
    String rejectedText = in.text("rejected");
    int prefix = commonPrefix(chosenText, rejectedText);
    List<Message> prompt = prefix == 0 ? List.of() : List.of(Message.user(chosenText.substring(0, prefix)));
    return pair(in, concat(prompt, List.of(Message.assistant(chosenText.substring(prefix)))),
        concat(prompt, List.of(Message.assistant(rejectedText.substring(prefix)))), "chosen", "rejected");
  }

  static List<PreferenceRecord> openAi(RecordInput in) {
    JsonNode input = in.required(in.json(), "", "input");
    if (!input.isObject()) {
      throw in.error("input", "must be an object with \"messages\" but was " + Json.kind(input));
    }
    List<Message> prompt = in.messages(input, "input", "messages");
    return pair(in, concat(prompt, nonEmptyMessages(in, "preferred_output")),
        concat(prompt, nonEmptyMessages(in, "non_preferred_output")), "preferred_output", "non_preferred_output");
  }

  private static List<PreferenceRecord> pair(
      RecordInput in, List<Message> chosen, List<Message> rejected, String chosenField, String rejectedField) {
    Dialogues.Split split = Dialogues.split(chosen, rejected);
    ResponseText a = response(in, split.restA(), split.restB(), chosenField, "score_chosen");
    ResponseText b = response(in, split.restB(), split.restA(), rejectedField, "score_rejected");
    Double margin = number(in, "margin");
    return List.of(new PreferenceRecord(split.prompt(), List.of(a, b), Choice.A, margin, in.originalId(), in.line()));
  }

  private static ResponseText response(
      RecordInput in, List<Message> rest, List<Message> otherRest, String field, String scoreField) {
    ResponseText response = Dialogues.response(rest, otherRest);
    if (response == null) {
      throw in.error(field, "continues with turns that cannot be kept as one response"
          + " (a role other than user/assistant, or text containing an HH turn marker)");
    }
    Double score = number(in, scoreField);
    if (score == null) {
      return response;
    }
    Map<String, Object> metadata = new HashMap<>(response.metadata());
    metadata.put("score", score);
    return new ResponseText(response.text(), response.generator(), metadata);
  }

  private static List<Message> hhDialogue(RecordInput in, String field, String text) {
    List<Message> turns = HhText.parse(text);
    if (turns == null) {
      throw in.error(field, "is not an HH-RLHF dialogue: it must start with \"\\n\\nHuman: \"");
    }
    return turns;
  }

  private static List<Message> nonEmptyMessages(RecordInput in, String field) {
    List<Message> messages = in.messages(in.json(), "", field);
    if (messages.isEmpty()) {
      throw in.error(field, "must contain at least one message");
    }
    return messages;
  }

  private static Double number(RecordInput in, String field) {
    JsonNode value = RecordInput.optional(in.json(), field);
    if (value == null) {
      return null;
    }
    if (!value.isNumber()) {
      throw in.error(field, "must be a number but was " + Json.kind(value));
    }
    return value.doubleValue();
  }

  /** TRL's rule: the common prefix, minus a space it ends with, so the space stays on the answers. */
  private static int commonPrefix(String a, String b) {
    int n = 0;
    while (n < a.length() && n < b.length() && a.charAt(n) == b.charAt(n)) {
      n++;
    }
    if (n > 0 && Character.isHighSurrogate(a.charAt(n - 1))) {
      n--; // never split an emoji or other supplementary character
    }
    boolean diverge = n < a.length() || n < b.length();
    return diverge && n > 0 && a.charAt(n - 1) == ' ' ? n - 1 : n;
  }

  private static List<Message> concat(List<Message> first, List<Message> second) {
    List<Message> all = new ArrayList<>(first);
    all.addAll(second);
    return all;
  }
}
