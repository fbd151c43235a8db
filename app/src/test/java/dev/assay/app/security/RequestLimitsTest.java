package dev.assay.app.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.assay.platform.identity.Roles;
import dev.assay.testing.ChunkedHttp;
import dev.assay.testing.TestIdentities;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
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
  void aChunkedJsonBodyUnderTheLimitIsAnsweredAsWithContentLength() {
    String admin = TestIdentities.bearer(Roles.ADMIN);
    String user = "chunked-" + UUID.randomUUID().toString().substring(0, 8);
    String created = "{\"username\":\"" + user + "\",\"password\":\"long-enough-secret\",\"roles\":[\"rater\"]}";
    ChunkedHttp.Answer answer = ChunkedHttp.post("/api/v1/admin/users", admin, "application/json", bytes(created));
    assertThat(answer.status()).isEqualTo(201);
    assertThat(answer.body()).contains(user);

    // an invalid body is read, not taken for an empty one: the same problem as with Content-Length
    String invalid = "{\"username\":\"" + user + "-2\",\"password\":\"long-enough-secret\",\"roles\":[]}";
    assertSameAnswer("/api/v1/admin/users", admin, invalid);
    // a non-blocking endpoint too
    String researcher = TestIdentities.bearer(Roles.RESEARCHER);
    assertSameAnswer("/api/v1/scores", researcher, "{\"prompt\":\"hi\",\"responses\":[]}");
  }

  private static void assertSameAnswer(String path, String authorization, String json) {
    io.restassured.response.Response withLength = given().header("Authorization", authorization)
        .contentType(ContentType.JSON).body(json).post(path);
    ChunkedHttp.Answer chunked = ChunkedHttp.post(path, authorization, "application/json", bytes(json));
    assertThat(withLength.statusCode()).isBetween(400, 499);
    assertThat(chunked.status()).isEqualTo(withLength.statusCode());
    assertThat(chunked.headers().get("content-type")).startsWith("application/problem+json");
    assertThat(JsonPath.from(chunked.body()).getString("detail")).isEqualTo(withLength.jsonPath().getString("detail"));
  }

  @Test
  void aChunkedJsonBodyOverTheLimitIsRefusedWith413BeforeItEnds() {
    String admin = TestIdentities.bearer(Roles.ADMIN);
    // 5 MiB against the 4 MiB limit, and the body never ends: only an answer given past the limit arrives
    String big = "{\"username\":\"" + "x".repeat(5 * 1024 * 1024) + "\"}";
    ChunkedHttp.Answer answer = ChunkedHttp.postUnfinished("/api/v1/admin/users", admin, "application/json", bytes(big));
    assertThat(answer.status()).isEqualTo(413);
    assertThat(answer.headers().get("content-type")).startsWith("application/problem+json");
    assertThat(JsonPath.from(answer.body()).getString("detail")).contains("assay.http.max-body-size");
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void requestsOverHttp2AreAnsweredAsOverHttp1() throws Exception {
    String admin = TestIdentities.bearer(Roles.ADMIN);
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
    URI users = URI.create(RestAssured.baseURI + ":" + RestAssured.port + "/api/v1/admin/users");

    HttpResponse<String> upgraded = http.send(HttpRequest.newBuilder(users).header("Authorization", admin).build(),
        HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> onTheStream = http.send(HttpRequest.newBuilder(users).header("Authorization", admin).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(upgraded.statusCode()).as(upgraded.body()).isEqualTo(200);
    assertThat(onTheStream.statusCode()).as(onTheStream.body()).isEqualTo(200);
    assertThat(onTheStream.version()).isEqualTo(HttpClient.Version.HTTP_2);
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
