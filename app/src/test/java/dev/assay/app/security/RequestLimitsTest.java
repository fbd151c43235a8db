package dev.assay.app.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.assay.platform.identity.Roles;
import dev.assay.testing.TestIdentities;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

/** Bodies are refused early and by name; unknown API paths are 404 problems. */
@QuarkusTest
class RequestLimitsTest {
  @Test
  void aJsonBodyOverTheLimitIsRefusedWith413BeforeItIsRead() {
    String admin = TestIdentities.bearer(Roles.ADMIN);
    String big = "{\"name\":\"" + "x".repeat(5 * 1024 * 1024) + "\"}";
    given().header("Authorization", admin).contentType(ContentType.JSON).body(big)
        .post("/api/v1/campaigns")
        .then().statusCode(413).contentType("application/problem+json").body("status", equalTo(413));
  }

  @Test
  void aJsonBodyOfUnknownLengthIsRefusedOutsideTheUploadRoutes() {
    String admin = TestIdentities.bearer(Roles.ADMIN);
    RawHttp.Answer answer = RawHttp.postChunked("/api/v1/campaigns", admin, "{\"name\":\"x\"}");
    org.assertj.core.api.Assertions.assertThat(answer.status()).isEqualTo(411);
    org.assertj.core.api.Assertions.assertThat(answer.headers().get("content-type")).startsWith("application/problem+json");
  }

  @Test
  void tooDeepJsonIsAProblemNamingTheDepthLimit() {
    String admin = TestIdentities.bearer(Roles.ADMIN);
    String deep = "{\"unknown\":" + "[".repeat(200) + "]".repeat(200) + ",\"name\":\"x\"}";
    given().header("Authorization", admin).contentType(ContentType.JSON).body(deep)
        .post("/api/v1/campaigns")
        .then().statusCode(400).contentType("application/problem+json").body("detail", containsString("depth"));
  }

  @Test
  void aTooLongStringIsAProblemNamingTheLength() {
    String admin = TestIdentities.bearer(Roles.ADMIN);
    String longString = "{\"name\":\"" + "x".repeat(1_000_001) + "\"}";
    given().header("Authorization", admin).contentType(ContentType.JSON).body(longString)
        .post("/api/v1/campaigns")
        .then().statusCode(413).contentType("application/problem+json").body("detail", containsString("length"));
  }

  @Test
  void anUnknownApiPathIsA404Problem() {
    String admin = TestIdentities.bearer(Roles.ADMIN);
    given().header("Authorization", admin).get("/api/v1/no-such-thing")
        .then().statusCode(404).contentType("application/problem+json").body("status", equalTo(404));
    given().get("/api/v2/whatever").then().statusCode(404).contentType("application/problem+json");
  }

  @Test
  void theMetricsAreExposedByDefaultAndTheApiDocsInTests() {
    given().get("/q/metrics").then().statusCode(200);
    given().get("/q/openapi").then().statusCode(200);
  }
}
