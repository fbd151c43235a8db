package dev.assay.app;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

/** Every response carries the security headers, not only the UI's page: API answers, errors, health. */
@QuarkusTest
class SecurityHeadersTest {

  @Test
  void apiAnswersErrorsAndHealthCarryTheSecurityHeaders() {
    for (ValidatableResponse response : new ValidatableResponse[] {
        given().get("/api/v1/datasets").then().statusCode(401),
        given().get("/q/health/live").then().statusCode(200),
        given().get("/login").then().statusCode(200)}) {
      response.header("X-Content-Type-Options", equalTo("nosniff"))
          .header("Referrer-Policy", equalTo("no-referrer"))
          .header("X-Frame-Options", equalTo("SAMEORIGIN"));
    }
    given().get("/api/v1/datasets").then()
        .header("Content-Security-Policy", equalTo("default-src 'none'; frame-ancestors 'none'"));
  }
}
