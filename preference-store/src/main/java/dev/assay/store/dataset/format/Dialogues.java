package dev.assay.store.dataset.format;

import dev.assay.store.record.Message;
import dev.assay.store.record.ResponseText;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How a pair of whole dialogues (HH-RLHF text, TRL conversational and implicit, OpenAI) becomes a
 * prompt and two responses, and how a response becomes messages again for export.
 *
 * <p>The prompt is the longest run of leading messages both sides share. When what remains on each
 * side is a single assistant message, that message's content is the response (the common case). Any
 * other remainder (several turns, a user turn, nothing at all) is kept whole as a <em>continuation</em>:
 * its text is the remainder in {@link HhText} form and its metadata has {@code "continuation": true},
 * so no pair is dropped and every writer can restore the exact messages.
 */
final class Dialogues {
  static final String CONTINUATION = "continuation";

  private Dialogues() {}

  /** A dialogue pair split into the shared prompt and what follows on each side. */
  record Split(List<Message> prompt, List<Message> restA, List<Message> restB) {}

  static Split split(List<Message> a, List<Message> b) {
    int shared = 0;
    while (shared < a.size() && shared < b.size() && a.get(shared).equals(b.get(shared))) {
      shared++;
    }
    // Identical dialogues still compare their final assistant turns (both "responses" equal).
    if (shared == a.size() && shared == b.size() && shared > 0 && isAssistant(a.get(shared - 1))) {
      shared--;
    }
    return new Split(a.subList(0, shared), a.subList(shared, a.size()), b.subList(shared, b.size()));
  }

  /**
   * The response for what follows the prompt on one side, or null when that remainder is a
   * continuation that cannot be put into HH text form (a system or tool turn, or a content containing
   * an HH turn marker).
   */
  static ResponseText response(List<Message> rest, List<Message> otherRest) {
    if (isSingleAssistant(rest) && isSingleAssistant(otherRest)) {
      return ResponseText.of(rest.get(0).content());
    }
    String text = HhText.format(rest);
    return text == null ? null : new ResponseText(text, null, Map.of(CONTINUATION, true));
  }

  static boolean isContinuation(ResponseText response) {
    return Boolean.TRUE.equals(response.metadata().get(CONTINUATION));
  }

  /** The messages a response stands for: its continuation turns, or one assistant message. */
  static List<Message> messages(ResponseText response) {
    if (!isContinuation(response)) {
      return List.of(Message.assistant(response.text()));
    }
    List<Message> turns = HhText.parse(response.text());
    return turns == null ? List.of() : turns;
  }

  /** The prompt followed by the response's messages: the whole dialogue of one side. */
  static List<Message> dialogue(List<Message> prompt, ResponseText response) {
    List<Message> dialogue = new ArrayList<>(prompt);
    dialogue.addAll(messages(response));
    return dialogue;
  }

  /** Whether the prompt is one user message, so a single-string format can hold it as is. */
  static boolean isSingleUser(List<Message> prompt) {
    return prompt.size() == 1 && Message.USER.equals(prompt.get(0).role());
  }

  /**
   * A prompt for a format that holds it as one string (AlpacaEval instruction, candidates, CSV): a
   * single user message's content, otherwise the conversation in HH text form; null when that would
   * not read back as the same prompt (no messages, or a role HH text cannot express).
   */
  static String promptText(List<Message> prompt) {
    if (isSingleUser(prompt) && !HhText.startsWithMarker(prompt.get(0).content())) {
      return prompt.get(0).content();
    }
    return prompt.isEmpty() ? null : HhText.format(prompt);
  }

  /** The inverse of {@link #promptText}: HH text becomes its turns, anything else one user message. */
  static List<Message> promptFromText(String text) {
    List<Message> turns = HhText.startsWithMarker(text) ? HhText.parse(text) : null;
    return turns != null ? turns : List.of(Message.user(text));
  }

  private static boolean isSingleAssistant(List<Message> messages) {
    return messages.size() == 1 && isAssistant(messages.get(0));
  }

  private static boolean isAssistant(Message message) {
    return Message.ASSISTANT.equals(message.role());
  }
}
