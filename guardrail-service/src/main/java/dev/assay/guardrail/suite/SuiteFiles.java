package dev.assay.guardrail.suite;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PushbackInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * The suite file: JSON lines, a header ({@code {"suite":NAME,"kind":KIND,"description":..,"source":..}})
 * then one probe per line. What {@code suite build} writes, {@code suite run} and the REST upload read;
 * gzipped files are read as well.
 */
public final class SuiteFiles {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SuiteFiles() {}

  /** A malformed suite file, naming the line. */
  public static final class SuiteFileException extends IllegalArgumentException {
    private final long line;

    public SuiteFileException(long line, String message) {
      super("line " + line + ": " + message);
      this.line = line;
    }

    public long line() {
      return line;
    }
  }

  public static void write(Suite suite, OutputStream out) throws IOException {
    BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
    ObjectNode header = JSON.createObjectNode();
    header.put("suite", suite.name());
    header.put("kind", suite.kind().wireName());
    header.put("description", suite.description());
    header.put("source", suite.source());
    header.put("probes", suite.probes().size());
    writer.write(JSON.writeValueAsString(header));
    writer.newLine();
    for (Probe probe : suite.probes()) {
      writer.write(toJson(probe));
      writer.newLine();
    }
    writer.flush();
  }

  public static String toJson(Probe probe) {
    ObjectNode node = JSON.createObjectNode();
    node.put("key", probe.key());
    node.put("side", probe.side().name().toLowerCase(Locale.ROOT));
    node.put("expected", probe.expected().name().toLowerCase(Locale.ROOT));
    node.put("prompt", probe.prompt());
    node.put("response", probe.response());
    node.put("alternative", probe.alternative());
    node.put("category", probe.category());
    node.set("tags", JSON.valueToTree(probe.tags()));
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static Suite read(InputStream in) throws IOException {
    BufferedReader reader = new BufferedReader(new InputStreamReader(gunzipIfNeeded(in), StandardCharsets.UTF_8));
    String headerLine = reader.readLine();
    if (headerLine == null || headerLine.isBlank()) {
      throw new SuiteFileException(1, "empty file: a suite file starts with its header line");
    }
    JsonNode header = parse(headerLine, 1);
    String name = requiredText(header, "suite", 1);
    SuiteKind kind;
    try {
      kind = SuiteKind.fromWireName(requiredText(header, "kind", 1));
    } catch (IllegalArgumentException e) {
      throw new SuiteFileException(1, "\"kind\": " + e.getMessage());
    }
    List<Probe> probes = new ArrayList<>();
    long lineNumber = 1;
    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
      lineNumber++;
      if (!line.isBlank()) {
        probes.add(fromJson(parse(line, lineNumber), lineNumber));
      }
    }
    return new Suite(name, kind, header.path("description").asText(null), header.path("source").asText(null), probes);
  }

  public static Probe fromJson(JsonNode node, long line) {
    if (!node.isObject()) {
      throw new SuiteFileException(line, "a probe is a JSON object");
    }
    String key = requiredText(node, "key", line);
    ProbeSide side = enumValue(ProbeSide.class, requiredText(node, "side", line), "side", line);
    Expected expected = enumValue(Expected.class, requiredText(node, "expected", line), "expected", line);
    String prompt = node.path("prompt").isTextual() ? node.get("prompt").asText() : "";
    String response = node.path("response").isTextual() ? node.get("response").asText() : null;
    String alternative = node.path("alternative").isTextual() ? node.get("alternative").asText() : null;
    if (side != ProbeSide.INPUT && response == null) {
      throw new SuiteFileException(line, "\"response\" is required for a probe on the " + side.name().toLowerCase(Locale.ROOT) + " side");
    }
    if (side == ProbeSide.PAIR && alternative == null) {
      throw new SuiteFileException(line, "\"alternative\" is required for a pair probe");
    }
    if (side == ProbeSide.INPUT && prompt.isEmpty()) {
      throw new SuiteFileException(line, "\"prompt\" is required for a probe on the input side");
    }
    Map<String, String> tags = new LinkedHashMap<>();
    JsonNode tagNode = node.path("tags");
    if (!tagNode.isMissingNode() && !tagNode.isNull()) {
      if (!tagNode.isObject()) {
        throw new SuiteFileException(line, "\"tags\" is an object of strings");
      }
      tagNode.properties().forEach(e -> tags.put(e.getKey(), e.getValue().asText()));
    }
    return new Probe(key, side, expected, prompt, response, alternative, node.path("category").asText(null), tags);
  }

  private static JsonNode parse(String line, long number) {
    try {
      return JSON.readTree(line);
    } catch (JsonProcessingException e) {
      throw new SuiteFileException(number, "not JSON: " + e.getOriginalMessage());
    }
  }

  private static String requiredText(JsonNode node, String field, long line) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual() || value.asText().isBlank()) {
      throw new SuiteFileException(line, "\"" + field + "\" is required (a non-empty string)");
    }
    return value.asText();
  }

  private static <E extends Enum<E>> E enumValue(Class<E> type, String text, String field, long line) {
    try {
      return Enum.valueOf(type, text.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new SuiteFileException(line, "\"" + field + "\": unknown value '" + text + "'");
    }
  }

  private static InputStream gunzipIfNeeded(InputStream in) throws IOException {
    PushbackInputStream pushback = new PushbackInputStream(in, 2);
    byte[] magic = pushback.readNBytes(2);
    pushback.unread(magic);
    boolean gzip = magic.length == 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b;
    return gzip ? new GZIPInputStream(pushback) : pushback;
  }
}
