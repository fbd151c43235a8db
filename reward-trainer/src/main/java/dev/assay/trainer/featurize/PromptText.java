package dev.assay.trainer.featurize;

import dev.assay.store.record.Message;
import java.util.List;

/**
 * The part of a prompt the featurizers look at: the last user turn. Earlier turns are mostly shared
 * by both responses of a pair and the encoders only see 256 tokens anyway.
 */
public final class PromptText {
  private PromptText() {}

  /** The content of the last user message; the last message of any role if none is a user's. */
  public static String lastUserTurn(List<Message> prompt) {
    for (int i = prompt.size() - 1; i >= 0; i--) {
      if (Message.USER.equals(prompt.get(i).role())) {
        return prompt.get(i).content();
      }
    }
    return prompt.isEmpty() ? "" : prompt.getLast().content();
  }
}
