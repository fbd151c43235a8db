package dev.assay.store.dataset.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.store.record.Message;
import dev.assay.store.record.PreferenceRecord;
import dev.assay.store.text.StorableText;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One raw record as the format parsers see it: typed access to its fields that validates every text
 * (its length, and {@link StorableText}: texts are kept as they are, control characters included, so only
 * U+0000 and unpaired surrogates are refused) and builds errors naming the field and line.
 *
 * <p>Fields are addressed by a parent node, the parent's path ("" for the record itself) and a name,
 * so errors can say {@code "input.messages[2].content" is missing}.
 */
final class RecordInput {
  private final RawRecord raw;
  private final String file;
  private final ImportLimits limits;
  private final Consumer<String> skips;

  RecordInput(RawRecord raw, String file, ImportLimits limits, Consumer<String> skips) {
    this.raw = raw;
    this.file = file;
    this.limits = limits;
    this.skips = skips;
  }

  ObjectNode json() {
    return raw.json();
  }

  long line() {
    return raw.line();
  }

  ImportLimits limits() {
    return limits;
  }

  /** Skips this record as valid but unusable (counted by reason, not an error); returns no records. */
  List<PreferenceRecord> skip(String reason) {
    skips.accept(reason);
    return List.of();
  }

  DatasetFormatException error(String field, String reason) {
    return new DatasetFormatException(file, raw.line(), field, (field == null ? "" : quote(field) + " ") + reason);
  }

  static String path(String parent, String name) {
    return parent.isEmpty() ? name : parent + "." + name;
  }

  static String path(String parent, int index) {
    return parent + "[" + index + "]";
  }

  /** The value of a field, or null when it is absent or JSON null. */
  static JsonNode optional(JsonNode parent, String name) {
    JsonNode value = parent.get(name);
    return value == null || value.isNull() ? null : value;
  }

  JsonNode required(JsonNode parent, String parentPath, String name) {
    JsonNode value = optional(parent, name);
    if (value == null) {
      throw error(path(parentPath, name), "is missing");
    }
    return value;
  }

  String text(JsonNode parent, String parentPath, String name) {
    return text(required(parent, parentPath, name), path(parentPath, name));
  }

  String text(String name) {
    return text(raw.json(), "", name);
  }

  String optionalText(JsonNode parent, String parentPath, String name) {
    JsonNode value = optional(parent, name);
    return value == null ? null : text(value, path(parentPath, name));
  }

  String optionalText(String name) {
    return optionalText(raw.json(), "", name);
  }

  /** The first of {@code names} present, for formats that spell a field several ways. */
  String firstPresent(JsonNode parent, String parentPath, String... names) {
    for (String name : names) {
      if (optional(parent, name) != null) {
        return name;
      }
    }
    throw error(path(parentPath, names[0]), "is missing (also accepted: " + String.join(", ", names) + ")");
  }

  /** The record's {@code id}, string or integer, as the original id; null when absent. */
  String originalId() {
    JsonNode id = optional(raw.json(), "id");
    if (id == null) {
      return null;
    }
    if (id.isIntegralNumber()) {
      return id.asText();
    }
    return text(id, "id");
  }

  String text(JsonNode value, String path) {
    if (!value.isTextual()) {
      throw error(path, "must be a string but was " + Json.kind(value));
    }
    return checkText(value.textValue(), path);
  }

  JsonNode array(JsonNode parent, String parentPath, String name) {
    JsonNode value = required(parent, parentPath, name);
    if (!value.isArray()) {
      throw error(path(parentPath, name), "must be an array but was " + Json.kind(value));
    }
    return value;
  }

  /** A list of chat messages, each {@code {"role": ..., "content": "..."}}; other keys are ignored. */
  List<Message> messages(JsonNode parent, String parentPath, String name) {
    return messages(array(parent, parentPath, name), path(parentPath, name));
  }

  List<Message> messages(JsonNode array, String path) {
    if (!array.isArray()) {
      throw error(path, "must be an array of messages but was " + Json.kind(array));
    }
    List<Message> messages = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      JsonNode message = array.get(i);
      String at = path(path, i);
      if (!message.isObject()) {
        throw error(at, "must be a message object {\"role\", \"content\"} but was " + Json.kind(message));
      }
      messages.add(new Message(text(message, at, "role"), text(message, at, "content")));
    }
    return messages;
  }

  private String checkText(String text, String path) {
    if (text.length() > limits.maxTextChars()) {
      throw error(path, "is " + text.length() + " characters long; the limit is " + limits.maxTextChars());
    }
    String problem = StorableText.problem(text);
    if (problem != null) {
      throw error(path, problem);
    }
    return text;
  }

  private static String quote(String field) {
    return "\"" + field + "\"";
  }
}
