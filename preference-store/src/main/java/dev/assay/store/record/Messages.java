package dev.assay.store.record;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.List;

/**
 * A stored prompt's messages: {@code prompt.messages} is the JSON of a {@code List<Message>} (written by
 * the import), read back as text ({@code CAST(messages AS text)}). The one decoder every module uses.
 */
public final class Messages {
  // Lenient like the application's ObjectMapper, which the decoders this replaces used.
  private static final ObjectReader READER = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build()
      .readerFor(new TypeReference<List<Message>>() {});

  private Messages() {}

  /**
   * The messages of a stored prompt.
   *
   * @throws IllegalStateException when the text is not a JSON list of messages
   */
  public static List<Message> decode(String json) {
    try {
      return READER.readValue(json);
    } catch (IOException e) {
      throw new IllegalStateException("A stored prompt is not a message list: " + e.getMessage(), e);
    }
  }
}
