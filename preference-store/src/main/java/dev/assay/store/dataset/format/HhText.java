package dev.assay.store.dataset.format;

import dev.assay.store.record.Message;
import java.util.ArrayList;
import java.util.List;

/**
 * The Anthropic HH-RLHF dialogue text form: turns introduced by {@code "\n\nHuman: "} and
 * {@code "\n\nAssistant: "}. Also the form Assay uses wherever a whole conversation must fit in one
 * string (a TRL prompt, an AlpacaEval instruction), because it is what HH-derived datasets already
 * use and it parses back unambiguously.
 *
 * <p>Parsing is tolerant: the first turn may lack its leading blank line, and a marker may be followed
 * by nothing (an empty turn) or by text without the space. {@link #format} writes the canonical form,
 * so canonical input round-trips byte for byte.
 */
final class HhText {
  static final String HUMAN = "\n\nHuman:";
  static final String ASSISTANT = "\n\nAssistant:";

  private HhText() {}

  /** Whether the text starts like an HH dialogue: with a Human turn, leading blank line optional. */
  static boolean looksLikeDialogue(String text) {
    return text.startsWith(HUMAN) || text.startsWith(HUMAN.substring(2));
  }

  /** Whether the text starts with a canonical turn marker, blank line included. */
  static boolean startsWithMarker(String text) {
    return markerAt(text, 0) == 0;
  }

  /** The turns of an HH dialogue, or null when the text does not start with a turn marker. */
  static List<Message> parse(String text) {
    int at = markerAt(text, 0);
    if (at < 0) {
      String withBlankLine = "\n\n" + text;
      return markerAt(withBlankLine, 0) < 0 ? null : parse(withBlankLine);
    }
    List<Message> turns = new ArrayList<>();
    while (at >= 0) {
      boolean human = text.startsWith(HUMAN, at);
      int start = at + (human ? HUMAN : ASSISTANT).length();
      if (start < text.length() && text.charAt(start) == ' ') {
        start++;
      }
      int next = nextMarker(text, start);
      String content = text.substring(start, next < 0 ? text.length() : next);
      turns.add(human ? Message.user(content) : Message.assistant(content));
      at = next;
    }
    return turns;
  }

  /**
   * The canonical HH text of the messages, or null when they cannot be written so that {@link #parse}
   * gives them back: a role other than user and assistant, or a content containing a turn marker.
   */
  static String format(List<Message> messages) {
    StringBuilder text = new StringBuilder();
    for (Message message : messages) {
      String marker = switch (message.role()) {
        case Message.USER -> HUMAN;
        case Message.ASSISTANT -> ASSISTANT;
        default -> null;
      };
      if (marker == null || message.content().contains(HUMAN) || message.content().contains(ASSISTANT)) {
        return null;
      }
      text.append(marker).append(' ').append(message.content());
    }
    return text.toString();
  }

  private static int markerAt(String text, int at) {
    return text.startsWith(HUMAN, at) || text.startsWith(ASSISTANT, at) ? at : -1;
  }

  private static int nextMarker(String text, int from) {
    int human = text.indexOf(HUMAN, from);
    int assistant = text.indexOf(ASSISTANT, from);
    return human < 0 ? assistant : assistant < 0 ? human : Math.min(human, assistant);
  }
}
