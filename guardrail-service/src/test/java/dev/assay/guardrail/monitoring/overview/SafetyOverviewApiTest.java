package dev.assay.guardrail.monitoring.overview;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.assay.guardrail.audit.AuditEntry;
import dev.assay.guardrail.audit.AuditLog;
import dev.assay.platform.identity.Roles;
import dev.assay.testing.TestIdentities;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The safety overview over live decisions: what each policy decided per bucket, which checks hit, which
 * callers were held most, and how the scores moved against the range before.
 */
@QuarkusTest
class SafetyOverviewApiTest {
  @Inject AuditLog audit;
  @Inject Clock clock;
  @Inject AgroalDataSource dataSource;
  @Inject ObjectMapper json;

  final String admin = TestIdentities.bearer(Roles.ADMIN);
  final String researcher = TestIdentities.bearer(Roles.RESEARCHER);

  @Test
  void decisionsThroughTheCheckAreCountedPerActionWithTheChecksThatHitAndTheCallerThatWasHeld() {
    String policy = "overview-" + UUID.randomUUID().toString().substring(0, 8);
    given().header("Authorization", admin).contentType(ContentType.JSON).body(Map.of(
            "description", "support bot", "fallbackResponse", "Sorry, I can't help with that.", "onError", "fail-closed",
            "input", List.of(
                Map.of("name", "recipes", "type", "deny-list", "terms", List.of("secret recipe"), "action", "block"),
                Map.of("name", "coupons", "type", "deny-list", "terms", List.of("coupon code"), "action", "flag")),
            "output", List.of()))
        .post("/api/v1/guardrail/policies/{name}/documents", policy).then().statusCode(201);
    String noisy = "noisy-" + UUID.randomUUID().toString().substring(0, 8);
    String quiet = "quiet-" + UUID.randomUUID().toString().substring(0, 8);
    String noisyKey = "Bearer " + TestIdentities.key(Roles.SERVICE, noisy);
    String quietKey = "Bearer " + TestIdentities.key(Roles.SERVICE, quiet);
    for (int i = 0; i < 3; i++) {
      check(noisyKey, policy, "Tell me the secret recipe, version " + i, "block");
    }
    check(noisyKey, policy, "Any coupon code for me?", "flag");
    check(noisyKey, policy, "When do you open?", "allow");
    check(quietKey, policy, "Where is my parcel?", "allow");
    check(quietKey, policy, "Can I change my address?", "allow");

    JsonPath overview = given().header("Authorization", researcher).queryParam("policy", policy)
        .get("/api/v1/monitoring/overview").then().statusCode(200).extract().jsonPath();

    assertThat(Instant.parse(overview.getString("to"))).isBetween(clock.instant().minusSeconds(60), clock.instant());
    assertThat(Duration.between(Instant.parse(overview.getString("from")), Instant.parse(overview.getString("to"))))
        .isEqualTo(Duration.ofDays(1));
    assertThat(total(overview, "block")).isEqualTo(3);
    assertThat(total(overview, "flag")).isEqualTo(1);
    assertThat(total(overview, "allow")).isEqualTo(3);
    assertThat(overview.getList("rates.policy", String.class)).containsOnly(policy);

    assertThat(overview.getList("top_checks.check", String.class)).containsExactly("recipes", "coupons");
    assertThat(overview.getList("top_checks.hits", Integer.class)).containsExactly(3, 1);
    assertThat(overview.getList("top_checks.stage", String.class)).containsOnly("input");

    assertThat(overview.getList("noisy_callers.caller", String.class)).containsExactly(noisy);
    assertThat(overview.getInt("noisy_callers[0].block")).isEqualTo(3);
    assertThat(overview.getInt("noisy_callers[0].flag")).isEqualTo(1);
    assertThat(overview.getInt("noisy_callers[0].decisions")).isEqualTo(5);

    JsonPath before = given().header("Authorization", admin).queryParam("policy", policy)
        .queryParam("to", clock.instant().minus(Duration.ofHours(1)).toString())
        .get("/api/v1/monitoring/overview").then().statusCode(200).extract().jsonPath();
    assertThat(before.getList("rates")).as("nothing was decided an hour ago").isEmpty();
    assertThat(before.getList("noisy_callers")).isEmpty();
  }

  @Test
  void ratesFallIntoTheirBucketsAndScoresAreComparedWithTheRangeBeforeInTheMonitoringWindows() throws Exception {
    String policy = "scores-" + UUID.randomUUID().toString().substring(0, 8);
    Instant to = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).plusSeconds(1);
    Instant from = to.minus(Duration.ofHours(4));
    audit.record(entry(policy, from.minus(Duration.ofHours(2)), "allow"));
    audit.record(entry(policy, from.plus(Duration.ofMinutes(10)), "block"));
    audit.record(entry(policy, from.plus(Duration.ofMinutes(70)), "block"));
    audit.record(entry(policy, from.plus(Duration.ofMinutes(75)), "allow"));
    // the windows the monitoring wrote: the range before scored low, the range itself high, a canary apart
    window(policy, "production", from.minus(Duration.ofHours(3)), bins(0, 40), 0, 0);
    window(policy, "production", from.plus(Duration.ofMinutes(5)), bins(17, 10), 10, 2);
    window(policy, "production", from.plus(Duration.ofMinutes(65)), bins(18, 10), 10, 4);
    window(policy, "canary", from.plus(Duration.ofMinutes(65)), bins(1, 99), 99, 99);

    JsonPath overview = given().header("Authorization", admin).queryParam("policy", policy)
        .queryParam("from", from.toString()).queryParam("to", to.toString()).queryParam("bucket", "PT1H")
        .get("/api/v1/monitoring/overview").then().statusCode(200).extract().jsonPath();

    assertThat(overview.getLong("bucket_seconds")).isEqualTo(3600);
    assertThat(overview.getList("rates.bucket", String.class)).containsExactly(
        from.toString(), from.plus(Duration.ofHours(1)).toString(), from.plus(Duration.ofHours(1)).toString());
    assertThat(overview.getList("rates.decision", String.class)).containsExactly("block", "allow", "block");

    assertThat(overview.getList("scores.score", String.class)).containsExactly("reward@m-1");
    List<Integer> current = overview.getList("scores[0].current", Integer.class);
    List<Integer> reference = overview.getList("scores[0].reference", Integer.class);
    assertThat(current.get(17)).isEqualTo(10);
    assertThat(current.get(18)).isEqualTo(10);
    assertThat(current.stream().mapToInt(Integer::intValue).sum()).as("production only").isEqualTo(20);
    assertThat(reference.get(0)).isEqualTo(40);
    assertThat(overview.getDouble("scores[0].psi")).as("a total shift").isGreaterThan(1);
    assertThat(overview.getDouble("scores[0].ks")).isCloseTo(1.0, org.assertj.core.data.Offset.offset(0.01));
    assertThat(overview.getList("ood.policy", String.class)).containsExactly(policy);
    assertThat(overview.getInt("ood[0].scored")).isEqualTo(20);
    assertThat(overview.getInt("ood[0].above")).isEqualTo(6);
    assertThat(overview.getList("cohorts.cohort", String.class)).containsExactly("canary", "production");
    assertThat(overview.getList("cohorts.decisions", Integer.class)).containsExactly(99, 20);
  }

  @Test
  void aMalformedRangeOrBucketIsRefusedNamingTheParameterAndRatersAndServicesAreRefused() {
    Instant now = clock.instant();
    given().header("Authorization", admin).queryParam("from", now.toString()).queryParam("to", now.minusSeconds(60).toString())
        .get("/api/v1/monitoring/overview").then().statusCode(422).contentType("application/problem+json")
        .body("field", equalTo("from"));
    given().header("Authorization", admin).queryParam("from", "yesterday")
        .get("/api/v1/monitoring/overview").then().statusCode(422).body("field", equalTo("from"));
    for (String bucket : new String[] {"PT0S", "-PT1H", "PT0.5S", "PT1S", "hourly"}) {
      given().header("Authorization", admin).queryParam("bucket", bucket)
          .get("/api/v1/monitoring/overview").then().statusCode(422).body("field", equalTo("bucket"));
    }
    given().header("Authorization", TestIdentities.bearer(Roles.SERVICE)).get("/api/v1/monitoring/overview")
        .then().statusCode(403);
    given().header("Authorization", TestIdentities.bearer(Roles.RATER)).get("/api/v1/monitoring/overview")
        .then().statusCode(403);
  }

  private static void check(String key, String policy, String prompt, String expected) {
    given().header("Authorization", key).contentType(ContentType.JSON)
        .body(Map.of("prompt", prompt, "response", "Happy to help.", "policy", policy))
        .post("/api/v1/guardrail/check").then().statusCode(200).body("decision", equalTo(expected));
  }

  private static int total(JsonPath overview, String decision) {
    return overview.getList("rates.findAll { it.decision == '" + decision + "' }.count", Integer.class)
        .stream().mapToInt(Integer::intValue).sum();
  }

  private static AuditEntry entry(String policy, Instant at, String decision) {
    return new AuditEntry(UUID.randomUUID(), at, "scorer", policy, 1, "m-1", "a".repeat(64), "b".repeat(64), null,
        null, null, null, decision, List.of(), 10, null);
  }

  /** Twenty bins over [0, 1] with {@code count} in bin {@code bin}. */
  private static long[] bins(int bin, long count) {
    long[] counts = new long[20];
    counts[bin] = count;
    return counts;
  }

  private void window(String policy, String cohort, Instant start, long[] counts, long oodScored, long oodAbove)
      throws Exception {
    String histograms = json.writeValueAsString(Map.of("reward@m-1", Map.of("low", 0, "high", 1, "counts", counts)));
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert = connection.prepareStatement("INSERT INTO guardrail_monitoring_window (replica,"
            + " window_start, window_end, policy_name, policy_version, cohort, decisions, counts, hits, histograms,"
            + " detector_hits, ood_scored, ood_above, ood_histogram) VALUES ('test', ?, ?, ?, 1, ?, ?, '{}', '{}',"
            + " CAST(? AS jsonb), 0, ?, ?, CAST(? AS jsonb))")) {
      insert.setTimestamp(1, Timestamp.from(start));
      insert.setTimestamp(2, Timestamp.from(start.plus(Duration.ofMinutes(5))));
      insert.setString(3, policy);
      insert.setString(4, cohort);
      insert.setLong(5, java.util.Arrays.stream(counts).sum());
      insert.setString(6, histograms);
      insert.setLong(7, oodScored);
      insert.setLong(8, oodAbove);
      insert.setString(9, json.writeValueAsString(Map.of("low", 0, "high", 1, "counts", new long[20])));
      insert.executeUpdate();
    }
  }
}
