package dev.assay.app.security;

import static io.restassured.RestAssured.given;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The operator chooses what is exposed: here neither the metrics (exposed by default) nor the API docs. */
@QuarkusTest
@TestProfile(ExposedToolsTest.MetricsOffDocsOff.class)
class ExposedToolsTest {
  public static class MetricsOffDocsOff implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("assay.expose.metrics", "false", "assay.expose.api-docs", "false");
    }
  }

  @Test
  void theMetricsTheApiDocsAndSwaggerUiAreHidden() {
    given().get("/q/metrics").then().statusCode(404).contentType("application/problem+json");
    given().get("/q/openapi").then().statusCode(404).contentType("application/problem+json");
    given().get("/q/swagger-ui/").then().statusCode(404).contentType("application/problem+json");
  }
}
