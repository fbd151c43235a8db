package dev.assay.guardrail.rules;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Deny lists shipped as resources under {@code guardrail/lists/<name>.txt}: one term per line,
 * blank lines and lines starting with {@code #} ignored. Each is compiled once and shared.
 */
final class BuiltInLists {

  /** The lists the product ships; a policy may name any of them. */
  static final List<String> NAMES = List.of("prompt-injection");

  private static final String FOLDER = "/guardrail/lists/";
  private static final Map<String, RuleMatcher> COMPILED = new ConcurrentHashMap<>();

  private BuiltInLists() {}

  static RuleMatcher matcher(String listName) {
    if (!NAMES.contains(listName)) {
      throw new IllegalArgumentException("unknown built-in list '" + listName + "'; available: " + String.join(", ", NAMES));
    }
    return COMPILED.computeIfAbsent(listName, name -> RuleMatcher.denyList(name, terms(name)));
  }

  static List<String> terms(String listName) {
    String resource = FOLDER + listName + ".txt";
    try (InputStream in = BuiltInLists.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("built-in list " + resource + " is missing from the classpath");
      }
      return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
          .map(String::strip)
          .filter(line -> !line.isEmpty() && !line.startsWith("#"))
          .toList();
    } catch (IOException unreadable) {
      throw new UncheckedIOException("cannot read built-in list " + resource, unreadable);
    }
  }
}
