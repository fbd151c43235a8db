package dev.assay.guardrail.rollout;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.guardrail.ServedTestClassifiers;
import dev.assay.trainer.ClassifierFixture;
import dev.assay.trainer.registry.ModelRegistry;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A policy that blocks cooking questions with a real topic classifier in production, and a deliberately worse
 * candidate of the same name: barely trained, its probabilities stay near a third for every class, so it
 * blocks nothing. Both classifiers are trained once per test run and registered under a name of each test's own.
 */
final class TopicPolicy {
  static final String FALLBACK = "Let's talk about something else.";
  private static Path trained;
  private static Path untrained;
  private static Path heldOut;

  final String policy;
  final String classifier;
  final long production;
  final long worse;

  private TopicPolicy(String policy, String classifier, long production, long worse) {
    this.policy = policy;
    this.classifier = classifier;
    this.production = production;
    this.worse = worse;
  }

  static TopicPolicy create(ModelRegistry registry, String admin) throws Exception {
    prepareModels();
    String classifier = unique("topics");
    long production = registry.registerClassifier(trained, classifier, heldOut);
    registry.promote(production, "tests");
    long worse = registry.registerClassifier(untrained, classifier, heldOut);
    String policy = unique("no-cooking");
    Map<String, Object> check = new LinkedHashMap<>(Map.of("name", "cooking", "type", "classifier", "action", "block",
        "model", classifier, "label", "cooking", "threshold", 0.5));
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("fallbackResponse", FALLBACK);
    document.put("onError", "fail-closed");
    document.put("input", List.of(check));
    document.put("output", List.of());
    given().header("Authorization", admin).contentType(ContentType.JSON).body(document)
        .post("/api/v1/guardrail/policies/{name}/documents", policy).then().statusCode(201);
    return new TopicPolicy(policy, classifier, production, worse);
  }

  private static synchronized void prepareModels() throws Exception {
    if (trained == null) {
      trained = ServedTestClassifiers.train(10, 0.01f);
      untrained = ServedTestClassifiers.train(1, 1e-6f);
      heldOut = ClassifierFixture.heldOut(Files.createTempDirectory("topics-held-out-"));
    }
  }

  /** The held-out questions, cooking ones first: text and whether it is about cooking. */
  static Map<String, Boolean> questions() throws Exception {
    ObjectMapper json = new ObjectMapper();
    Map<String, Boolean> questions = new LinkedHashMap<>();
    List<String> others = new ArrayList<>();
    for (String line : Files.readAllLines(heldOut)) {
      JsonNode row = json.readTree(line);
      if ("cooking".equals(row.get("topic").asText())) {
        questions.put(row.get("text").asText(), true);
      } else {
        others.add(row.get("text").asText());
      }
    }
    others.forEach(q -> questions.put(q, false));
    return questions;
  }

  /** A check of the policy as a service caller, with a request key when one is given. */
  JsonPath check(String caller, String prompt, String requestKey) {
    Map<String, Object> body = new HashMap<>();
    body.put("prompt", prompt);
    body.put("response", "Sure, here is how.");
    body.put("policy", policy);
    if (requestKey != null) {
      body.put("request_key", requestKey);
    }
    return given().header("Authorization", caller).contentType(ContentType.JSON).body(body)
        .post("/api/v1/guardrail/check").then().statusCode(200).extract().jsonPath();
  }

  /** The version of the classifier that decided a check, from its trace. */
  static String classifierVersion(JsonPath check) {
    return check.getString("trace[0].model_version");
  }

  static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
