package dev.assay.app;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.platform.identity.Roles;
import dev.assay.testing.TestIdentities;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Text that PostgreSQL cannot store (U+0000, unpaired surrogates) is refused with a 422 naming the
 * field, in every module's bodies and in path parameters; every other character, control characters
 * included, is stored as sent.
 */
@QuarkusTest
class StorableTextTest {
  private static final String NUL = "a\u0000b";
  private static final String LONE_SURROGATE = "a\uD83Db";

  @Inject AgroalDataSource dataSource;

  private String suffix;
  private String admin;
  private String researcher;

  @BeforeEach
  void identities() {
    suffix = UUID.randomUUID().toString().substring(0, 8);
    admin = TestIdentities.bearer(Roles.ADMIN);
    researcher = TestIdentities.bearer(Roles.RESEARCHER);
  }

  @Test
  void aNulInAKeyLabelIsA422NamingTheLabel() {
    String owner = "owner-" + suffix;
    TestIdentities.key(Roles.RATER, owner);
    Response response = post(admin, "/api/v1/admin/api-keys", Map.of("owner", owner, "role", Roles.RATER, "label", NUL));
    assertRefused(response, "label");
  }

  @Test
  void anUnpairedSurrogateInAKeyLabelIsA422NamingTheLabel() {
    String owner = "owner-" + suffix;
    TestIdentities.key(Roles.RATER, owner);
    Response response =
        post(admin, "/api/v1/admin/api-keys", Map.of("owner", owner, "role", Roles.RATER, "label", LONE_SURROGATE));
    assertRefused(response, "label");
  }

  @Test
  void aNulInASnapshotNameIsA422NamingTheName() {
    String dataset = importDemoPairs();
    Response response = post(researcher, "/api/v1/snapshots",
        Map.of("name", NUL, "filter", Map.of("datasets", List.of(dataset))));
    assertRefused(response, "name");
  }

  @Test
  void aNulInCampaignGuidelinesIsA422NamingTheGuidelines() {
    Map<String, Object> campaign = campaign();
    campaign.put("guidelines", NUL);
    assertRefused(post(admin, "/api/v1/campaigns", campaign), "guidelines");
  }

  @Test
  void aNulInACriterionIsA422NamingItsIndex() {
    Map<String, Object> campaign = campaign();
    campaign.put("criteria", List.of("helpfulness", NUL));
    assertRefused(post(admin, "/api/v1/campaigns", campaign), "criteria[1]");
  }

  @Test
  void aNulInAPolicyDescriptionIsA422NamingTheDescription() {
    Response response = post(admin, "/api/v1/guardrail/policies",
        Map.of("name", "policy-" + suffix, "threshold", 0.2, "action", "flag", "description", NUL));
    assertRefused(response, "description");
  }

  @Test
  void aNulInARationaleOrSkipReasonIsA422NamingTheField() {
    String rater = "Bearer " + TestIdentities.key(Roles.RATER, "rater-" + suffix);
    long campaignId = activeCampaign(importDemoPairs());

    long first = claim(rater, campaignId);
    assertRefused(post(rater, "/api/v1/assignments/" + first + "/judgement",
        Map.of("choice", "LEFT", "rationale", NUL, "timeSpentMs", 3000)), "rationale");
    assertRefused(post(rater, "/api/v1/assignments/" + first + "/skip", Map.of("reason", NUL)), "reason");
  }

  @Test
  void controlCharactersOtherThanNulAreStoredAsSent() throws SQLException {
    String rater = "Bearer " + TestIdentities.key(Roles.RATER, "rater-" + suffix);
    long campaignId = activeCampaign(importDemoPairs());
    String rationale = "left \u009f is \u0001 better \uD83D\uDE42";

    long assignment = claim(rater, campaignId);
    Response judged = post(rater, "/api/v1/assignments/" + assignment + "/judgement",
        Map.of("choice", "LEFT", "rationale", rationale, "timeSpentMs", 3000));

    assertThat(judged.statusCode()).as(judged.asString()).isEqualTo(201);
    long preferenceId = judged.jsonPath().getLong("preferenceId");
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement("SELECT rationale FROM preference WHERE id = ?")) {
      statement.setLong(1, preferenceId);
      try (ResultSet row = statement.executeQuery()) {
        assertThat(row.next()).isTrue();
        assertThat(row.getString(1)).isEqualTo(rationale);
      }
    }
  }

  @Test
  void aNulInAPathParameterIsA422NamingTheParameter() {
    Response response = given().header("Authorization", researcher).urlEncodingEnabled(false)
        .get("/api/v1/datasets/a%00b/records");
    assertRefused(response, "name");
    Response policy = given().header("Authorization", admin).urlEncodingEnabled(false)
        .get("/api/v1/guardrail/policies/a%00b");
    assertRefused(policy, "name");
  }

  @Test
  void aNulInAQueryParameterIsA422NamingTheParameter() {
    String dataset = importDemoPairs();
    Response response = given().header("Authorization", researcher).urlEncodingEnabled(false)
        .get("/api/v1/datasets/" + dataset + "/records?generator=a%00b");
    assertRefused(response, "generator");
  }

  private static void assertRefused(Response response, String field) {
    assertThat(response.statusCode()).as(response.asString()).isEqualTo(422);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.jsonPath().getString("field")).isEqualTo(field);
    assertThat(response.jsonPath().getString("detail")).contains("cannot be stored");
  }

  private static Response post(String authorization, String path, Object body) {
    return given().header("Authorization", authorization).contentType(ContentType.JSON).body(body).post(path);
  }

  private Map<String, Object> campaign() {
    Map<String, Object> campaign = new HashMap<>();
    campaign.put("name", "text " + suffix);
    campaign.put("guidelines", "Pick the better one.");
    campaign.put("criteria", List.of("helpfulness"));
    campaign.put("scale", "BINARY");
    campaign.put("ratingsRequired", 1);
    campaign.put("goldRate", 0);
    return campaign;
  }

  private long activeCampaign(String dataset) {
    Response created = post(admin, "/api/v1/campaigns", campaign());
    assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
    long id = created.jsonPath().getLong("id");
    post(admin, "/api/v1/campaigns/" + id + "/items", Map.of("dataset", dataset)).then().statusCode(200);
    given().header("Authorization", admin).contentType(ContentType.JSON).body(Map.of("state", "ACTIVE"))
        .put("/api/v1/campaigns/{id}/state", id).then().statusCode(200);
    return id;
  }

  private static long claim(String rater, long campaignId) {
    Response task = given().header("Authorization", rater).post("/api/v1/campaigns/{id}/tasks/next", campaignId);
    assertThat(task.statusCode()).as(task.asString()).isIn(200, 201);
    return task.jsonPath().getLong("assignmentId");
  }

  private String importDemoPairs() {
    String dataset = "text-" + suffix;
    byte[] pairs;
    try (InputStream in = StorableTextTest.class.getResourceAsStream("/demo/demo-pairs.jsonl")) {
      pairs = in.readAllBytes();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    String job = given().header("Authorization", researcher).contentType(ContentType.BINARY).body(pairs)
        .queryParam("file", "demo-pairs.jsonl").post("/api/v1/datasets/{name}/imports", dataset)
        .then().statusCode(202).extract().header("Location");
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (Instant.now().isBefore(deadline)) {
      String state = given().header("Authorization", researcher).get(job).jsonPath().getString("state");
      if ("SUCCEEDED".equals(state)) {
        return dataset;
      }
      assertThat(state).isNotEqualTo("FAILED");
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }
    throw new AssertionError("the import did not finish");
  }
}
