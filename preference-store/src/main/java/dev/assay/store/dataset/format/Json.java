package dev.assay.store.dataset.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.ZipException;

/** Jackson set-up and error wording shared by the readers and writers of this package. */
final class Json {
  /**
   * For building and writing JSON; reading goes through {@link #readMapper} to apply the limits.
   * Emoji and other supplementary characters are written as UTF-8, not as escaped surrogate pairs.
   */
  static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
      .build();

  private Json() {}

  /**
   * A mapper whose parsers enforce the nesting limit (plus {@code extraDepth} for an enclosing array),
   * cap a single string at the record size and reject duplicate keys, which would otherwise silently
   * keep the last value.
   */
  static ObjectMapper readMapper(ImportLimits limits, int extraDepth) {
    StreamReadConstraints constraints = StreamReadConstraints.builder()
        .maxNestingDepth(limits.maxNestingDepth() + extraDepth)
        .maxStringLength(limits.maxRecordBytes())
        .build();
    return new ObjectMapper(JsonFactory.builder()
        .streamReadConstraints(constraints)
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .build());
  }

  /** Jackson's complaint without its noisy source description, prefixed so users see what kind. */
  static String describe(JsonProcessingException e, ImportLimits limits) {
    if (e instanceof StreamConstraintsException) {
      String message = e.getOriginalMessage();
      if (message.contains("nesting depth")) {
        return "JSON nested deeper than " + limits.maxNestingDepth() + " levels";
      }
      return "a JSON value exceeds the record limit of " + limits.maxRecordBytes() + " bytes: " + message;
    }
    return "broken JSON: " + e.getOriginalMessage().replaceAll("\\[Source: [^;\\]]*; ", "[");
  }

  /**
   * Maps a read failure: corrupt or truncated compressed data is the file's fault and reported like
   * any format problem; anything else is a real I/O failure.
   */
  static DatasetFormatException ioFailure(String file, long line, IOException e) {
    if (e instanceof ZipException || e instanceof EOFException) {
      return new DatasetFormatException(
          file, line, null, "compressed data is corrupt or truncated: " + e.getMessage(), e);
    }
    throw new UncheckedIOException("Could not read " + file + ": " + e.getMessage(), e);
  }

  /** "a string", "an array", ... for messages about a value of the wrong type. */
  static String kind(JsonNode node) {
    return switch (node.getNodeType()) {
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL, MISSING -> "null";
      default -> node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    };
  }
}
