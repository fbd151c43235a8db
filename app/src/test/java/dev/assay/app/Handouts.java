package dev.assay.app;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A hand-out as the fault tests drive it from outside the application: a campaign over an imported
 * dataset, raters with keys made over REST, and the checks that nothing was lost or doubled.
 */
public final class Handouts {
  private Handouts() {}

  /** An imported dataset of {@code comparisons} pairs as an active binary campaign with no gold. */
  public static long campaign(URI app, String admin, String tag, int comparisons, int ratingsRequired, int leaseSeconds)
      throws InterruptedException {
    String dataset = tag + "-" + UUID.randomUUID().toString().substring(0, 8);
    StringBuilder pairs = new StringBuilder();
    for (int i = 0; i < comparisons; i++) {
      pairs.append("{\"prompt\":\"").append(dataset).append(" question ").append(i)
          .append("\",\"chosen\":\"a careful answer ").append(i)
          .append("\",\"rejected\":\"a careless answer ").append(i).append("\"}\n");
    }
    String job = given().baseUri(app.toString()).header("Authorization", admin).contentType(ContentType.BINARY)
        .body(pairs.toString().getBytes(StandardCharsets.UTF_8)).queryParam("file", "pairs.jsonl")
        .post("/api/v1/datasets/{name}/imports", dataset).then().statusCode(202).extract().header("Location");
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (!"SUCCEEDED".equals(given().header("Authorization", admin).get(job).then().statusCode(200)
        .extract().path("state"))) {
      assertThat(Instant.now()).as("import " + job).isBefore(deadline);
      Thread.sleep(200);
    }
    long id = given().baseUri(app.toString()).header("Authorization", admin).contentType(ContentType.JSON)
        .body(Map.of("name", dataset, "guidelines", "Pick the more helpful response.", "criteria",
            List.of("helpfulness"), "scale", "BINARY", "ratingsRequired", ratingsRequired, "goldRate", 0,
            "leaseSeconds", leaseSeconds))
        .post("/api/v1/campaigns").then().statusCode(201).extract().jsonPath().getLong("id");
    int added = given().baseUri(app.toString()).header("Authorization", admin).contentType(ContentType.JSON)
        .body(Map.of("dataset", dataset)).post("/api/v1/campaigns/{id}/items", id)
        .then().statusCode(200).extract().path("added");
    assertThat(added).isEqualTo(comparisons);
    given().baseUri(app.toString()).header("Authorization", admin).contentType(ContentType.JSON)
        .body(Map.of("state", "ACTIVE")).put("/api/v1/campaigns/{id}/state", id).then().statusCode(200);
    return id;
  }

  /** {@code count} raters made by the admin over REST; returns their {@code Authorization} values. */
  public static List<String> raters(URI app, String admin, String tag, int count) {
    String unique = tag + "-" + UUID.randomUUID().toString().substring(0, 8);
    List<String> bearers = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String name = unique + "-" + i;
      given().baseUri(app.toString()).header("Authorization", admin).contentType(ContentType.JSON)
          .body(Map.of("username", name, "password", "rater-password-" + unique, "roles", List.of("rater")))
          .post("/api/v1/admin/users").then().statusCode(201);
      String key = given().baseUri(app.toString()).header("Authorization", admin).contentType(ContentType.JSON)
          .body(Map.of("owner", name, "role", "rater", "label", tag))
          .post("/api/v1/admin/api-keys").then().statusCode(201).extract().path("apiKey");
      bearers.add("Bearer " + key);
    }
    return bearers;
  }

  public static boolean completed(URI app, String admin, long campaignId) {
    return "COMPLETED".equals(given().baseUri(app.toString()).header("Authorization", admin)
        .get("/api/v1/campaigns/{id}", campaignId).then().statusCode(200).extract().path("state"));
  }

  /** Exactly N judgements per comparison, each (comparison, rater) once, no live lease left, COMPLETED. */
  public static void assertCampaignComplete(URI app, String admin, Connection db, long campaignId, int comparisons,
      int ratingsRequired) throws Exception {
    assertThat(judgements(db, campaignId)).isEqualTo(comparisons * ratingsRequired);
    assertThat(count(db, "SELECT count(*) FROM (SELECT comparison_id, rater FROM preference WHERE campaign_id = ?"
        + " GROUP BY 1, 2 HAVING count(*) > 1) twice", campaignId)).isZero();
    assertThat(count(db, "SELECT count(*) FROM campaign_item i WHERE i.campaign_id = ? AND i.completed = ? AND"
        + " (SELECT count(*) FROM preference p WHERE p.campaign_id = i.campaign_id"
        + " AND p.comparison_id = i.comparison_id) = ?", campaignId, ratingsRequired, ratingsRequired))
        .isEqualTo(comparisons);
    assertThat(count(db, "SELECT count(*) FROM assignment WHERE campaign_id = ? AND state = 'LEASED'"
        + " AND lease_expires_at > now()", campaignId)).isZero();
    JsonPath campaign = given().baseUri(app.toString()).header("Authorization", admin)
        .get("/api/v1/campaigns/{id}", campaignId).then().statusCode(200).extract().jsonPath();
    assertThat(campaign.getString("state")).isEqualTo("COMPLETED");
    assertThat(campaign.getInt("itemsDone")).isEqualTo(comparisons);
  }

  /**
   * One outbox event per judgement, relayed to RabbitMQ at least once (a batch sent but not marked
   * before a failure is sent again); returns how many messages arrived.
   */
  public static int assertEveryJudgementRecordedOnceAndPublished(Connection db, long campaignId, Channel channel,
      String queue, Duration patience) throws Exception {
    assertThat(count(db, "SELECT count(*) FROM preference p WHERE p.campaign_id = ? AND (SELECT count(*) FROM"
        + " outbox_event o WHERE o.event_type = 'preference.recorded'"
        + " AND (o.payload->'data'->>'preferenceId')::bigint = p.id) <> 1", campaignId)).isZero();
    assertThat(count(db, "SELECT count(*) FROM outbox_event WHERE event_type = 'campaign.completed'"
        + " AND (payload->'data'->>'campaignId')::bigint = ?", campaignId)).isEqualTo(1);

    Set<Long> stored = new HashSet<>();
    try (PreparedStatement statement = db.prepareStatement("SELECT id FROM preference WHERE campaign_id = ?")) {
      statement.setLong(1, campaignId);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          stored.add(rows.getLong(1));
        }
      }
    }
    Set<Long> received = new HashSet<>();
    int deliveries = 0;
    Instant deadline = Instant.now().plus(patience);
    while (received.size() < stored.size() && Instant.now().isBefore(deadline)) {
      GetResponse message = channel.basicGet(queue, true);
      if (message == null) {
        Thread.sleep(100);
        continue;
      }
      JsonPath event = JsonPath.from(new String(message.getBody(), StandardCharsets.UTF_8));
      assertThat(message.getProps().getMessageId()).isEqualTo(event.getString("id"));
      if ("preference.recorded".equals(event.getString("type")) && event.getLong("data.campaignId") == campaignId) {
        received.add(event.getLong("data.preferenceId"));
        deliveries++;
      }
    }
    assertThat(received).isEqualTo(stored);
    return deliveries;
  }

  public static long judgements(Connection db, long campaignId) throws Exception {
    return count(db, "SELECT count(*) FROM preference WHERE campaign_id = ?", campaignId);
  }

  public static long count(Connection db, String query, Object... params) throws Exception {
    try (PreparedStatement statement = db.prepareStatement(query)) {
      for (int i = 0; i < params.length; i++) {
        statement.setObject(i + 1, params[i]);
      }
      try (ResultSet result = statement.executeQuery()) {
        result.next();
        return result.getLong(1);
      }
    }
  }

  public static String eventsExchange() {
    return System.getenv().getOrDefault("ASSAY_TEST_MQ_NAMESPACE", "assay-test") + ".events";
  }

  public static ConnectionFactory rabbit() {
    ConnectionFactory factory = new ConnectionFactory();
    factory.setHost(System.getenv().getOrDefault("ASSAY_RABBITMQ_HOST", "127.0.0.1"));
    factory.setPort(Integer.parseInt(System.getenv().getOrDefault("ASSAY_RABBITMQ_PORT", "5672")));
    return factory;
  }
}
