package dev.assay.labeling.support;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.notNullValue;

import dev.assay.platform.identity.IdentityService;
import dev.assay.platform.identity.Roles;
import dev.assay.platform.jdbc.Sql;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Test data made through SQL and the API: users with keys, comparisons, campaigns. */
@ApplicationScoped
public class Fixtures {
  private final Sql sql;
  private final IdentityService identities;

  public Fixtures(Sql sql, IdentityService identities) {
    this.sql = sql;
    this.identities = identities;
  }

  /** A user with a key for the role, made without bcrypt (fast enough for 64 raters). */
  @Transactional
  public User user(String role, String prefix) {
    String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    sql.update("INSERT INTO app_user (username, password_hash, roles) VALUES (?, 'x', ?::text[])", name,
        List.of(role));
    return new User(name, "Bearer " + identities.createKey(name, role, "test").plaintext());
  }

  public List<User> raters(int count, String prefix) {
    List<User> result = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      result.add(user(Roles.RATER, prefix + i));
    }
    return result;
  }

  /** A name and its {@code Authorization} header value. */
  public record User(String name, String bearer) {}

  /**
   * Creates comparisons with unique texts: response A is "good answer ..." from generator "secret-model-a",
   * response B "bad answer ..." from "secret-model-b".
   */
  @Transactional
  public List<Long> comparisons(int count) {
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String tag = UUID.randomUUID().toString();
      String prompt = hash("p" + tag);
      String a = hash("a" + tag);
      String b = hash("b" + tag);
      sql.update("INSERT INTO prompt (hash, messages) VALUES (?, CAST(? AS jsonb))", prompt,
          "[{\"role\":\"user\",\"content\":\"question " + tag + "\"}]");
      sql.update("INSERT INTO text_blob (hash, body, char_length) VALUES (?, ?, 10), (?, ?, 10)", a,
          "good answer " + tag, b, "bad answer " + tag);
      ids.add(sql.one(
              "INSERT INTO comparison (content_hash, prompt_hash, response_a_hash, response_b_hash, generator_a,"
                  + " generator_b) VALUES (?, ?, ?, ?, 'secret-model-a', 'secret-model-b') RETURNING id",
              row -> row.getLong(1), hash("c" + tag), prompt, a, b)
          .orElseThrow());
    }
    return ids;
  }

  /** A candidates dataset: {@code prompts} prompts with {@code k} responses each. */
  @Transactional
  public String candidatesDataset(int prompts, int k) {
    String name = "cands-" + UUID.randomUUID();
    long datasetId = sql.one("INSERT INTO dataset (name) VALUES (?) RETURNING id", row -> row.getLong(1), name)
        .orElseThrow();
    for (int p = 0; p < prompts; p++) {
      String tag = UUID.randomUUID().toString();
      String prompt = hash("p" + tag);
      sql.update("INSERT INTO prompt (hash, messages) VALUES (?, CAST(? AS jsonb))", prompt,
          "[{\"role\":\"user\",\"content\":\"q " + tag + "\"}]");
      for (int r = 0; r < k; r++) {
        String response = hash("r" + r + tag);
        sql.update("INSERT INTO text_blob (hash, body, char_length) VALUES (?, ?, 5)", response, "response " + r + tag);
        long candidate = sql.one(
                "INSERT INTO candidate (content_hash, prompt_hash, response_hash, generator) VALUES (?, ?, ?, ?)"
                    + " RETURNING id",
                row -> row.getLong(1), hash("cand" + r + tag), prompt, response, "gen-" + r)
            .orElseThrow();
        sql.update("INSERT INTO dataset_record (dataset_id, record_hash, candidate_id) VALUES (?, ?, ?)", datasetId,
            hash("rec" + r + tag), candidate);
      }
    }
    return name;
  }

  @Transactional
  public long count(String query, Object... params) {
    return sql.count(query, params);
  }

  @Transactional
  public <T> List<T> list(String query, Sql.RowMapper<T> mapper, Object... params) {
    return sql.list(query, mapper, params);
  }

  /** Creates a campaign as admin, adds the comparisons and activates it; returns its id. */
  public long activeCampaign(User admin, Map<String, Object> settings, List<Long> comparisons) {
    long id = draftCampaign(admin, settings, comparisons);
    activate(admin, id);
    return id;
  }

  /** Creates a DRAFT campaign with the comparisons; returns its id. */
  public long draftCampaign(User admin, Map<String, Object> settings, List<Long> comparisons) {
    Map<String, Object> body = new HashMap<>(Map.of(
        "name", "campaign-" + UUID.randomUUID(),
        "guidelines", "Pick the more helpful answer.",
        "criteria", List.of("helpfulness", "harmlessness"),
        "scale", "BINARY",
        "ratingsRequired", 1));
    body.putAll(settings);
    long id = given().header("Authorization", admin.bearer()).contentType(ContentType.JSON).body(body)
        .post("/api/v1/campaigns").then().statusCode(201).body("createdAt", notNullValue())
        .extract().jsonPath().getLong("id");
    given().header("Authorization", admin.bearer()).contentType(ContentType.JSON)
        .body(Map.of("comparisonIds", comparisons))
        .post("/api/v1/campaigns/" + id + "/items").then().statusCode(200);
    return id;
  }

  public void activate(User admin, long campaignId) {
    given().header("Authorization", admin.bearer()).contentType(ContentType.JSON).body(Map.of("state", "ACTIVE"))
        .put("/api/v1/campaigns/" + campaignId + "/state").then().statusCode(200);
  }

  public Response next(User rater, long campaignId) {
    return given().header("Authorization", rater.bearer()).post("/api/v1/campaigns/" + campaignId + "/tasks/next");
  }

  public Response submit(User rater, long assignmentId, Map<String, Object> judgement) {
    return given().header("Authorization", rater.bearer()).contentType(ContentType.JSON).body(judgement)
        .post("/api/v1/assignments/" + assignmentId + "/judgement");
  }

  /**
   * The raters, in order, each judge their next assignment of the campaign on the seven-point scale with a
   * canonical choice (A, TIE or B): the strength sent depends on which side A was shown on, randomised per
   * assignment.
   */
  public void judgeSevenPoint(long campaignId, List<User> raters, String... canonical) {
    for (int i = 0; i < canonical.length; i++) {
      long assignment = next(raters.get(i), campaignId).then().statusCode(201).extract().jsonPath()
          .getLong("assignmentId");
      boolean aShownLeft = count("SELECT CASE WHEN a_shown_left THEN 1 ELSE 0 END FROM assignment WHERE id = ?",
          assignment) == 1;
      int strength = switch (canonical[i]) {
        case "A" -> aShownLeft ? 1 : 7;
        case "B" -> aShownLeft ? 7 : 1;
        default -> 4;
      };
      submit(raters.get(i), assignment, Map.of("strength", strength, "timeSpentMs", 10_000)).then().statusCode(201);
    }
  }

  private static String hash(String text) {
    return dev.assay.store.text.ContentHash.of(text);
  }
}
