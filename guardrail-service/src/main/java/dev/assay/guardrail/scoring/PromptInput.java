package dev.assay.guardrail.scoring;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assay.platform.problem.ProblemException;
import dev.assay.store.record.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** A prompt as clients send it: a plain string (one user turn) or a list of {role, content} messages. */
public final class PromptInput {
  private static final Set<String> ROLES = Set.of(Message.SYSTEM, Message.USER, Message.ASSISTANT);

  private PromptInput() {}

  public static List<Message> parse(JsonNode prompt) {
    if (prompt == null || prompt.isNull()) {
      throw ProblemException.invalid("prompt", "prompt is required: a string or a list of {role, content}");
    }
    if (prompt.isTextual()) {
      return List.of(Message.user(prompt.asText()));
    }
    if (!prompt.isArray() || prompt.isEmpty()) {
      throw ProblemException.invalid("prompt", "prompt must be a string or a non-empty list of {role, content}");
    }
    List<Message> messages = new ArrayList<>();
    for (int i = 0; i < prompt.size(); i++) {
      JsonNode message = prompt.get(i);
      String field = "prompt[" + i + "]";
      if (!message.path("role").isTextual() || !ROLES.contains(message.path("role").asText())) {
        throw ProblemException.invalid(field + ".role", field + ".role must be one of " + ROLES);
      }
      if (!message.path("content").isTextual()) {
        throw ProblemException.invalid(field + ".content", field + ".content must be a string");
      }
      messages.add(new Message(message.get("role").asText(), message.get("content").asText()));
    }
    return messages;
  }

  /** 413 naming the first text longer than the configured limit. */
  public static void checkLength(ScoringSettings settings, List<Message> prompt, List<String> responses) {
    int limit = settings.maxTextChars();
    for (int i = 0; i < responses.size(); i++) {
      if (responses.get(i).length() > limit) {
        throw new ProblemException(413, "Text Too Long",
            "responses[" + i + "] has " + responses.get(i).length() + " characters; the limit is " + limit,
            "responses[" + i + "]", null);
      }
    }
    for (int i = 0; i < prompt.size(); i++) {
      if (prompt.get(i).content().length() > limit) {
        throw new ProblemException(413, "Text Too Long", "prompt[" + i + "] is longer than " + limit + " characters",
            "prompt[" + i + "]", null);
      }
    }
  }
}
