package dev.assay.app.metrics;

import static io.restassured.RestAssured.given;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** One read of {@code /q/metrics} (the Prometheus text format), with sums over the samples that match. */
record Scrape(List<Sample> samples) {
  record Sample(String name, Map<String, String> labels, double value) {}

  /** Reads the metrics as a caller on this machine, with the Authorization header when one is given. */
  static Scrape read(String authorization) {
    var request = given();
    if (authorization != null) {
      request = request.header("Authorization", authorization);
    }
    return parse(request.get("/q/metrics").then().statusCode(200).extract().asString());
  }

  static Scrape read() {
    return read(null);
  }

  static Scrape parse(String text) {
    List<Sample> samples = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int brace = line.indexOf('{');
      int space = line.lastIndexOf(' ');
      String name = line.substring(0, brace >= 0 ? brace : line.indexOf(' '));
      Map<String, String> labels = brace >= 0 ? labels(line.substring(brace + 1, line.lastIndexOf('}'))) : Map.of();
      samples.add(new Sample(name, labels, number(line.substring(space + 1))));
    }
    return new Scrape(samples);
  }

  /** A sample value: Java's syntax, but Prometheus writes infinities as {@code +Inf} and {@code -Inf}. */
  static double number(String text) {
    return Double.parseDouble(text.replace("Inf", "Infinity"));
  }

  /** {@code k="v",k2="v2"} with Prometheus's escapes. */
  private static Map<String, String> labels(String text) {
    Map<String, String> labels = new LinkedHashMap<>();
    int at = 0;
    while (at < text.length()) {
      int equals = text.indexOf('=', at);
      String key = text.substring(at, equals).trim();
      StringBuilder value = new StringBuilder();
      int i = equals + 2; // past ="
      for (; text.charAt(i) != '"'; i++) {
        char c = text.charAt(i);
        if (c == '\\') {
          char escaped = text.charAt(++i);
          value.append(escaped == 'n' ? '\n' : escaped);
        } else {
          value.append(c);
        }
      }
      labels.put(key, value.toString());
      at = text.indexOf(',', i) < 0 ? text.length() : text.indexOf(',', i) + 1;
    }
    return labels;
  }

  /** The sum of the samples of this name whose labels include all of {@code labels} (0 when none). */
  double sum(String name, String... labels) {
    return matching(name, labels).stream().mapToDouble(Sample::value).sum();
  }

  /** Whether a sample of this name with these labels exists. */
  boolean has(String name, String... labels) {
    return !matching(name, labels).isEmpty();
  }

  List<Sample> matching(String name, String... labels) {
    return samples.stream().filter(sample -> sample.name().equals(name)).filter(sample -> {
      for (int i = 0; i < labels.length; i += 2) {
        if (!labels[i + 1].equals(sample.labels().get(labels[i]))) {
          return false;
        }
      }
      return true;
    }).toList();
  }

  /** Every metric name exposed. */
  Set<String> names() {
    return samples.stream().map(Sample::name).collect(Collectors.toCollection(TreeSet::new));
  }
}
