package dev.assay.app.security;

import static io.restassured.RestAssured.given;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The operator chooses what is exposed: here metrics on, API docs off. */
@QuarkusTest
@TestProfile(ExposedToolsTest.MetricsOnDocsOff.class)
class ExposedToolsTest {
  public static class MetricsOnDocsOff implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("assay.expose.metrics", "true", "assay.expose.api-docs", "false");
    }
  }

  @Test
  void metricsAnswerAndTheApiDocsAndSwaggerUiAreHidden() {
    given().get("/q/metrics").then().statusCode(200);
    given().get("/q/openapi").then().statusCode(404).contentType("application/problem+json");
    given().get("/q/swagger-ui/").then().statusCode(404).contentType("application/problem+json");
  }
}
