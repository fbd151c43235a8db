package dev.assay.store.record;

import java.util.Map;

/** A response: its text, the model that generated it (null when unknown) and free metadata. */
public record ResponseText(String text, String generator, Map<String, Object> metadata) {
  public ResponseText {
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }

  public static ResponseText of(String text) {
    return new ResponseText(text, null, Map.of());
  }

  public static ResponseText of(String text, String generator) {
    return new ResponseText(text, generator, Map.of());
  }
}
