package dev.assay.app.reliability;

import static io.restassured.RestAssured.given;

import dev.assay.app.reliability.ApiOperations.Operation;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Upload files of valid HH-RLHF lines with one broken line at a random place. The upload may be refused
 * at once (4xx problem) or accepted for the background import (202), which must then fail naming the
 * broken line.
 */
final class BrokenUploads {
  private static final String GOOD =
      "{\"chosen\":\"\\n\\nHuman: How do I bake bread?\\n\\nAssistant: Mix flour, water, salt and yeast.\","
          + "\"rejected\":\"\\n\\nHuman: How do I bake bread?\\n\\nAssistant: No idea.\"}";
  /** Broken lines: each is a line no importer may take. */
  private static final List<String> BROKEN = List.of(
      "{\"chosen\":\"\\n\\nHuman: a\\n\\nAssistant: b\",\"rejected\":",
      "{\"chosen\":\"\\n\\nHuman: a\\u0000\\n\\nAssistant: b\",\"rejected\":\"\\n\\nHuman: a\\n\\nAssistant: c\"}",
      "{\"chosen\":\"\\n\\nHuman: a\\ud800\\n\\nAssistant: b\",\"rejected\":\"\\n\\nHuman: a\\n\\nAssistant: c\"}",
      "{\"chosen\":\"\\n\\nHuman: a\\n\\nAssistant: b\"}",
      "{\"chosen\":17,\"rejected\":\"\\n\\nHuman: a\\n\\nAssistant: c\"}",
      "[1,2,3]",
      "{\"chosen\":" + "[".repeat(5_000) + "]".repeat(5_000) + ",\"rejected\":\"x\"}",
      "not json at all");

  private BrokenUploads() {}

  /** Sends {@code count} broken files; adds a line to {@code failures} for each wrong answer; returns count. */
  static int check(Operation upload, String key, int count, long seed, List<String> failures) throws InterruptedException {
    Random random = new Random(seed);
    for (int i = 0; i < count; i++) {
      int lines = 1 + random.nextInt(20);
      int brokenLine = 1 + random.nextInt(lines);
      String broken = BROKEN.get(i % BROKEN.size());
      ByteArrayOutputStream file = new ByteArrayOutputStream();
      for (int line = 1; line <= lines; line++) {
        String text = line == brokenLine ? broken : GOOD.replace("bread", "bread " + random.nextInt(1_000_000));
        file.writeBytes((text + "\n").getBytes(StandardCharsets.UTF_8));
      }
      if (i % BROKEN.size() == 0) {
        // invalid UTF-8 in the middle of an otherwise good line
        file.reset();
        for (int line = 1; line <= lines; line++) {
          byte[] text = GOOD.getBytes(StandardCharsets.UTF_8);
          if (line == brokenLine) {
            text[30] = (byte) 0xC3;
            text[31] = (byte) 0x28;
          }
          file.writeBytes(text);
          file.write('\n');
        }
        broken = "invalid UTF-8";
      }
      String what = upload + " with " + lines + " lines, line " + brokenLine + " " + abbreviate(broken);
      String dataset = "fuzz-" + UUID.randomUUID().toString().substring(0, 8);
      Response response = given().header("Authorization", key).contentType("application/octet-stream")
          .queryParam("file", "broken.jsonl").queryParam("format", "hh-rlhf")
          .body(file.toByteArray())
          .post(upload.path().replace("{name}", dataset));
      if (response.statusCode() == 202) {
        JsonPath job = awaitEnd(response.header("Location"), key);
        if (!"FAILED".equals(job.getString("state"))) {
          failures.add(what + " -> import ended " + job.getString("state"));
        } else if (job.get("error.line") == null || job.getLong("error.line") != brokenLine) {
          failures.add(what + " -> failed without naming line " + brokenLine + ": " + job.getMap("error"));
        }
      } else if (response.statusCode() < 400 || response.statusCode() >= 500
          || !response.contentType().startsWith("application/problem+json")) {
        failures.add(what + " -> " + response.statusCode() + " " + response.contentType());
      }
    }
    return count;
  }

  private static JsonPath awaitEnd(String location, String key) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (true) {
      JsonPath job = given().header("Authorization", key).get(location).jsonPath();
      String state = job.getString("state");
      if (!"QUEUED".equals(state) && !"RUNNING".equals(state) || Instant.now().isAfter(deadline)) {
        return job;
      }
      Thread.sleep(20);
    }
  }

  private static String abbreviate(String text) {
    return text.length() <= 60 ? text : text.substring(0, 60) + "...";
  }
}
