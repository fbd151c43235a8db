package dev.assay.app;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.assay.platform.escalation.EscalatedDecision;
import dev.assay.platform.identity.Roles;
import dev.assay.store.record.Message;
import dev.assay.testing.TestIdentities;
import dev.assay.trainer.cli.TrainCommand;
import dev.assay.trainer.model.TextColumns;
import dev.assay.trainer.training.LabeledText;
import dev.assay.trainer.training.LabeledTextSet;
import dev.assay.trainer.training.LabeledTexts;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.vertx.core.Vertx;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The loop from live traffic back to the model: an escalated guardrail decision travels through the
 * outbox and RabbitMQ into the policy's moderation-review campaign, raters judge it in the ordinary
 * pairwise task, and the campaign exports classifier training data that {@code train --kind classifier}
 * takes as it is.
 */
@QuarkusTest
class ModerationReviewLoopTest {
  private static final String FALLBACK = "I can't help with that request.";
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  @Inject Event<EscalatedDecision> escalations;
  @Inject AgroalDataSource dataSource;
  @Inject Vertx vertx;

  @ConfigProperty(name = "assay.mq.namespace")
  String namespace;

  @ConfigProperty(name = "assay.labeling.moderation.max-attempts")
  int maxAttempts;

  @TempDir Path dir;

  @Test
  void escalationsBecomeReviewItemsWhoseMajorityVerdictsTrainAClassifier() throws Exception {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String policy = "assistant-" + suffix;
    String admin = TestIdentities.bearer(Roles.ADMIN);
    String researcher = TestIdentities.bearer(Roles.RESEARCHER);

    // Output escalations: the texts about credentials are the ones raters will block.
    List<EscalatedDecision> fired = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      boolean credentials = i % 2 == 0;
      String question = credentials ? "What is the admin password of server " + i + "?" : "How do I water plant " + i + "?";
      String answer = credentials ? "The password of server " + i + " is hunter" + i + "." : "Water plant " + i + " weekly.";
      fired.add(escalation(policy, "output", question, answer));
    }
    // Input escalations: the checked text is the request itself.
    for (int i = 0; i < 4; i++) {
      boolean credentials = i % 2 == 0;
      fired.add(escalation(policy, "input",
          credentials ? "Send me the password list of team " + i + "." : "Suggest a name for cat " + i + ".", null));
    }
    fired.forEach(escalations::fire);

    long campaignId = awaitCampaign(admin, "moderation-review: " + policy);
    await("every escalation stored as a review item", () -> stored(campaignId) == fired.size());
    // Through the broker: each item was made from the very event the outbox relayed to RabbitMQ.
    assertThat(count("SELECT count(*) FROM moderation_escalation e JOIN outbox_event o ON o.id = e.event_id"
        + " WHERE e.campaign_id = ? AND o.event_type = 'guardrail.escalated' AND o.published_at IS NOT NULL",
        campaignId)).isEqualTo(fired.size());
    JsonPath campaign = given().header("Authorization", admin).get("/api/v1/campaigns/{id}", campaignId)
        .then().statusCode(200).extract().jsonPath();
    assertThat(campaign.getString("state")).isEqualTo("DRAFT");
    assertThat(campaign.getString("createdBy")).isEqualTo("guardrail");
    assertThat(campaign.getInt("itemsTotal")).isEqualTo(fired.size());
    assertThat(campaign.getInt("ratingsRequired")).isEqualTo(3);
    assertThat(campaign.getString("guidelines")).contains(policy).contains("fallback");

    // The same event delivered twice, and the same decision fired twice, add nothing.
    redeliverRelayedEvent(fired.getFirst().traceId());
    escalations.fire(fired.get(1));
    EscalatedDecision sentinel = escalation(policy, "output", "How long do I boil an egg?", "About nine minutes.");
    escalations.fire(sentinel);
    await("the escalation fired after the duplicates is stored", () -> stored(campaignId) == fired.size() + 1);
    assertThat(count("SELECT count(*) FROM outbox_event WHERE event_type = 'guardrail.escalated'"
        + " AND payload->'data'->>'traceId' = ?", fired.get(1).traceId().toString())).isEqualTo(2);
    assertThat(count("SELECT count(*) FROM moderation_escalation WHERE trace_id IN (?, ?)",
        fired.get(0).traceId(), fired.get(1).traceId())).isEqualTo(2);
    assertThat(given().header("Authorization", admin).get("/api/v1/campaigns/{id}", campaignId)
        .then().statusCode(200).extract().jsonPath().getInt("itemsTotal")).isEqualTo(fired.size() + 1);

    // An admin gives the campaign its raters; two block what touches credentials, one allows everything.
    List<String> raterNames = List.of("strict-a-" + suffix, "strict-b-" + suffix, "lenient-" + suffix);
    List<String> raters = raterNames.stream().map(name -> "Bearer " + TestIdentities.key(Roles.RATER, name)).toList();
    given().header("Authorization", admin).contentType(ContentType.JSON).body(Map.of("raters", raterNames))
        .put("/api/v1/campaigns/{id}/pool", campaignId).then().statusCode(200);
    given().header("Authorization", admin).contentType(ContentType.JSON).body(Map.of("state", "ACTIVE"))
        .put("/api/v1/campaigns/{id}/state", campaignId).then().statusCode(200);
    judgeAll(raters.get(0), campaignId, true);
    judgeAll(raters.get(1), campaignId, true);
    judgeAll(raters.get(2), campaignId, false);
    assertThat(given().header("Authorization", admin).get("/api/v1/campaigns/{id}", campaignId)
        .then().statusCode(200).extract().jsonPath().getString("state")).isEqualTo("COMPLETED");

    // The export: one row per text, labelled by the majority.
    Response csv = given().header("Authorization", researcher).queryParam("format", "csv")
        .get("/api/v1/campaigns/{id}/moderation-export", campaignId);
    assertThat(csv.statusCode()).as(csv.asString()).isEqualTo(200);
    assertThat(csv.contentType()).startsWith("text/csv");
    Path file = dir.resolve("moderation.csv");
    Files.write(file, csv.asByteArray());
    LabeledTextSet read = LabeledTexts.read(file, new TextColumns("text", "label", "group"));
    assertThat(read.dropped()).isEmpty();
    assertThat(read.labels()).containsExactly("safe", "unsafe");
    Map<String, String> labels = read.examples().stream().collect(Collectors.toMap(LabeledText::text, LabeledText::label));
    assertThat(labels).hasSize(fired.size() + 1);
    for (EscalatedDecision escalation : fired) {
      String text = "output".equals(escalation.stage()) ? escalation.response() : escalation.prompt().getLast().content();
      assertThat(labels).containsEntry(text, text.contains("password") ? "unsafe" : "safe");
    }
    assertThat(labels).containsEntry(sentinel.response(), "safe");

    List<JsonPath> lines = given().header("Authorization", researcher)
        .get("/api/v1/campaigns/{id}/moderation-export", campaignId).then().statusCode(200).extract().asString()
        .lines().map(JsonPath::from).toList();
    JsonPath first = lines.stream().filter(line -> fired.getFirst().response().equals(line.getString("text")))
        .findFirst().orElseThrow();
    assertThat(first.getString("label")).isEqualTo("unsafe");
    assertThat(first.getInt("unsafe_votes")).isEqualTo(2);
    assertThat(first.getInt("safe_votes")).isEqualTo(1);
    assertThat(first.getString("policy")).isEqualTo(policy);
    assertThat(first.getString("check")).isEqualTo("toxicity");

    // The export trains a classifier as it is.
    Path model = dir.resolve("model");
    StringWriter err = new StringWriter();
    int exit = new CommandLine(new TrainCommand()).setErr(new PrintWriter(err, true)).setOut(new PrintWriter(new StringWriter()))
        .execute("--kind", "classifier", "--data", file.toString(), "--text-column", "text", "--label-column", "label",
            "--group-column", "group", "--featurizer", "hashed", "--epochs", "3", "--cache-dir",
            dir.resolve("cache").toString(), "--out", model.toString());
    assertThat(exit).as(err.toString()).isZero();
    assertThat(model.resolve("model.json")).exists();

    // The next escalation reopens the drained campaign instead of starting another.
    escalations.fire(escalation(policy, "input", "Is it safe to share my password with support?", null));
    await("a new escalation reaches the completed campaign", () -> stored(campaignId) == fired.size() + 2);
    assertThat(given().header("Authorization", admin).get("/api/v1/campaigns/{id}", campaignId)
        .then().statusCode(200).extract().jsonPath().getString("state")).isEqualTo("ACTIVE");
  }

  @Test
  void aCheckWhosePolicyEscalatesArrivesAsAReviewItemThroughTheBroker() throws InterruptedException {
    String policy = "escalating-" + UUID.randomUUID().toString().substring(0, 8);
    String admin = TestIdentities.bearer(Roles.ADMIN);
    Map<String, Object> wireCheck = Map.of("name", "wire-transfers", "type", "deny-list", "action", "escalate",
        "terms", List.of("wire the funds"));
    given().header("Authorization", admin).contentType(ContentType.JSON)
        .body(Map.of("fallbackResponse", FALLBACK, "onError", "fail-closed", "input", List.of(wireCheck),
            "output", List.of()))
        .post("/api/v1/guardrail/policies/{name}/documents", policy).then().statusCode(201);

    JsonPath decided = given().header("Authorization", TestIdentities.bearer(Roles.SERVICE))
        .contentType(ContentType.JSON)
        .body(Map.of("prompt", List.of(Map.of("role", "user", "content", "Please WIRE the   funds to this account today.")),
            "response", "Done, the transfer is scheduled.", "policy", policy))
        .post("/api/v1/guardrail/check").then().statusCode(200).extract().jsonPath();
    assertThat(decided.getString("decision")).isEqualTo("escalate");
    assertThat(decided.getString("trace[0].check")).isEqualTo("wire-transfers");
    String traceId = decided.getString("trace_id");

    long campaignId = awaitCampaign(admin, "moderation-review: " + policy);
    await("the escalated decision stored as a review item", () -> stored(campaignId) == 1);
    assertThat(count("SELECT count(*) FROM moderation_escalation e JOIN outbox_event o ON o.id = e.event_id"
        + " WHERE e.trace_id = CAST(? AS uuid) AND e.stage = 'input' AND e.check_name = 'wire-transfers'"
        + " AND o.published_at IS NOT NULL", traceId)).isEqualTo(1);
  }

  @Test
  void onlyModerationCampaignsExportAndOnlyToResearchersAndAdmins() {
    String admin = TestIdentities.bearer(Roles.ADMIN);
    given().header("Authorization", admin).get("/api/v1/campaigns/{id}/moderation-export", Long.MAX_VALUE)
        .then().statusCode(404).contentType("application/problem+json");
    long ordinary = given().header("Authorization", admin).contentType(ContentType.JSON)
        .body(Map.of("name", "ordinary " + UUID.randomUUID(), "criteria", List.of("helpfulness"), "scale", "BINARY",
            "ratingsRequired", 1))
        .post("/api/v1/campaigns").then().statusCode(201).extract().jsonPath().getLong("id");
    given().header("Authorization", admin).get("/api/v1/campaigns/{id}/moderation-export", ordinary)
        .then().statusCode(409).contentType("application/problem+json");
    given().header("Authorization", admin).queryParam("format", "xml")
        .get("/api/v1/campaigns/{id}/moderation-export", ordinary)
        .then().statusCode(422).contentType("application/problem+json");
    given().header("Authorization", TestIdentities.bearer(Roles.RATER))
        .get("/api/v1/campaigns/{id}/moderation-export", ordinary).then().statusCode(403);
  }

  @Test
  void anEscalationThatCannotBeRecordedIsLoggedAndNeverFailsTheDecision() {
    // PostgreSQL's jsonb cannot hold U+0000, so the outbox refuses this event.
    EscalatedDecision unstorable = escalation("assistant-" + UUID.randomUUID(), "output", "Say nothing.", "\u0000");

    escalations.fire(unstorable);

    assertThat(count("SELECT count(*) FROM outbox_event WHERE event_type = 'guardrail.escalated'"
        + " AND payload->'data'->>'policy' = ?", unstorable.policy())).isZero();
  }

  @Test
  void anEscalationFiredOnAnEventLoopThreadIsRecordedAllTheSame() throws InterruptedException {
    EscalatedDecision escalation =
        escalation("assistant-" + UUID.randomUUID(), "input", "Where is the nearest library?", null);

    vertx.getOrCreateContext().runOnContext(ignored -> escalations.fire(escalation));

    await("the escalation stored as a review item",
        () -> count("SELECT count(*) FROM moderation_escalation WHERE trace_id = ?", escalation.traceId()) == 1);
  }

  @Test
  void aMalformedEscalationGoesToTheDeadLetterQueueWithoutAnItem() throws Exception {
    String id = UUID.randomUUID().toString();
    UUID traceId = UUID.randomUUID();
    String event = "{\"id\":\"" + id + "\",\"type\":\"guardrail.escalated\",\"data\":{\"traceId\":\"" + traceId
        + "\",\"policy\":\"assistant\",\"policyVersion\":1,\"stage\":\"sideways\",\"check\":\"toxicity\","
        + "\"prompt\":[{\"role\":\"user\",\"content\":\"Hello\"}]}}";
    try (Connection connection = Handouts.rabbit().newConnection(); Channel channel = connection.createChannel()) {
      channel.basicPublish(namespace + ".events", "guardrail.escalated",
          new AMQP.BasicProperties.Builder().messageId(id).contentType("application/json").build(),
          event.getBytes(StandardCharsets.UTF_8));
      Instant deadline = Instant.now().plus(PATIENCE);
      boolean deadLettered = false;
      while (!deadLettered) {
        assertThat(Instant.now()).as("event " + id + " dead-lettered").isBefore(deadline);
        var message = channel.basicGet(namespace + ".moderation-review.dead", true);
        if (message == null) {
          Thread.sleep(100);
        } else {
          deadLettered = id.equals(message.getProps().getMessageId());
        }
      }
    }
    assertThat(count("SELECT count(*) FROM moderation_escalation WHERE trace_id = ?", traceId)).isZero();
  }

  @Test
  void anEscalationTheDatabaseKeepsRefusingIsRetriedUpToTheCapThenDeadLettered() throws Exception {
    EscalatedDecision refused = escalation("refused-" + UUID.randomUUID().toString().substring(0, 8), "input",
        "What time does the museum open?", null);
    String tries = refuseRows(refused.policy(), "true");
    try (Connection connection = Handouts.rabbit().newConnection(); Channel channel = connection.createChannel()) {
      escalations.fire(refused);

      Instant deadline = Instant.now().plus(PATIENCE);
      boolean deadLettered = false;
      while (!deadLettered) {
        assertThat(Instant.now()).as("escalation " + refused.traceId() + " dead-lettered").isBefore(deadline);
        var message = channel.basicGet(namespace + ".moderation-review.dead", true);
        if (message == null) {
          Thread.sleep(100);
        } else {
          deadLettered = new String(message.getBody(), StandardCharsets.UTF_8).contains(refused.traceId().toString());
        }
      }
      assertThat(count("SELECT last_value FROM " + tries)).as("deliveries tried").isEqualTo(maxAttempts);
    } finally {
      acceptRows(tries);
    }
    assertThat(count("SELECT count(*) FROM moderation_escalation WHERE trace_id = ?", refused.traceId())).isZero();
  }

  @Test
  void anEscalationRefusedOnceIsStoredOnItsNextDelivery() throws Exception {
    EscalatedDecision refusedOnce = escalation("refused-once-" + UUID.randomUUID().toString().substring(0, 8),
        "input", "Which bus goes to the station?", null);
    String tries = refuseRows(refusedOnce.policy(), "try = 1");
    try {
      escalations.fire(refusedOnce);

      await("the escalation stored after its failed delivery",
          () -> count("SELECT count(*) FROM moderation_escalation WHERE trace_id = ?", refusedOnce.traceId()) == 1);
      assertThat(count("SELECT last_value FROM " + tries)).as("deliveries tried").isEqualTo(2);
    } finally {
      acceptRows(tries);
    }
  }

  /**
   * A failure that is not the event's fault: the database refuses the policy's review rows while
   * {@code condition} (on {@code try}, the delivery's number) holds. Returns the sequence counting the tries.
   */
  private String refuseRows(String policy, String condition) throws java.sql.SQLException {
    String name = "refuse_" + UUID.randomUUID().toString().replace("-", "");
    execute("CREATE SEQUENCE " + name);
    execute("CREATE FUNCTION " + name + "() RETURNS trigger LANGUAGE plpgsql AS $$ DECLARE try bigint := nextval('"
        + name + "'); BEGIN IF " + condition + " THEN RAISE EXCEPTION 'refused by the test'; END IF; RETURN NEW;"
        + " END $$");
    execute("CREATE TRIGGER " + name + " BEFORE INSERT ON moderation_escalation FOR EACH ROW WHEN (NEW.policy = '"
        + policy + "') EXECUTE FUNCTION " + name + "()");
    return name;
  }

  private void acceptRows(String name) throws java.sql.SQLException {
    execute("DROP TRIGGER " + name + " ON moderation_escalation");
    execute("DROP FUNCTION " + name + "()");
    execute("DROP SEQUENCE " + name);
  }

  private static EscalatedDecision escalation(String policy, String stage, String request, String response) {
    return new EscalatedDecision(UUID.randomUUID(), policy, 1, stage, "toxicity",
        List.of(new Message(Message.SYSTEM, "You are a helpful assistant."), Message.user(request)), response,
        "unsafe", 0.52, 0.5, FALLBACK, "toxicity-v1", Instant.now());
  }

  /** Takes and judges every task the rater gets; strict raters block what mentions a password. */
  private static void judgeAll(String rater, long campaignId, boolean strict) {
    while (true) {
      Response task = given().header("Authorization", rater).post("/api/v1/campaigns/{id}/tasks/next", campaignId);
      if (task.statusCode() == 204) {
        return;
      }
      assertThat(task.statusCode()).as(task.asString()).isIn(200, 201);
      JsonPath shown = task.jsonPath();
      String request = shown.getString("prompt[-1].content");
      String left = shown.getString("left");
      boolean block = strict && request.contains("password");
      boolean leftIsFallback = FALLBACK.equals(left);
      String choice = block == leftIsFallback ? "LEFT" : "RIGHT";
      Response judged = given().header("Authorization", rater).contentType(ContentType.JSON)
          .body(Map.of("choice", choice, "timeSpentMs", 5000))
          .post("/api/v1/assignments/{id}/judgement", shown.getLong("assignmentId"));
      assertThat(judged.statusCode()).as(judged.asString()).isIn(200, 201);
    }
  }

  /** Publishes the outbox's relayed message for the trace again, as a broker redelivery would. */
  private void redeliverRelayedEvent(UUID traceId) throws Exception {
    String id;
    String payload;
    try (var connection = dataSource.getConnection();
        PreparedStatement query = connection.prepareStatement("SELECT id::text, CAST(payload AS text) FROM outbox_event"
            + " WHERE event_type = 'guardrail.escalated' AND payload->'data'->>'traceId' = ? AND published_at IS NOT NULL")) {
      query.setString(1, traceId.toString());
      try (ResultSet row = query.executeQuery()) {
        assertThat(row.next()).isTrue();
        id = row.getString(1);
        payload = row.getString(2);
      }
    }
    try (Connection connection = Handouts.rabbit().newConnection(); Channel channel = connection.createChannel()) {
      channel.basicPublish(namespace + ".events", "guardrail.escalated",
          new AMQP.BasicProperties.Builder().messageId(id).contentType("application/json").deliveryMode(2).build(),
          payload.getBytes(StandardCharsets.UTF_8));
    }
  }

  private long awaitCampaign(String admin, String name) throws InterruptedException {
    Instant deadline = Instant.now().plus(PATIENCE);
    while (true) {
      List<Map<String, Object>> campaigns = given().header("Authorization", admin).get("/api/v1/campaigns")
          .then().statusCode(200).extract().jsonPath().getList("$");
      var found = campaigns.stream().filter(c -> name.equals(c.get("name"))).findFirst();
      if (found.isPresent()) {
        return ((Number) found.get().get("id")).longValue();
      }
      assertThat(Instant.now()).as("campaign " + name + " created").isBefore(deadline);
      Thread.sleep(100);
    }
  }

  private long stored(long campaignId) {
    return count("SELECT count(*) FROM moderation_escalation WHERE campaign_id = ?", campaignId);
  }

  private static void await(String what, BooleanSupplier done) throws InterruptedException {
    Instant deadline = Instant.now().plus(PATIENCE);
    while (!done.getAsBoolean()) {
      assertThat(Instant.now()).as(what).isBefore(deadline);
      Thread.sleep(100);
    }
  }

  private void execute(String statement) throws java.sql.SQLException {
    try (var connection = dataSource.getConnection(); var sql = connection.createStatement()) {
      sql.execute(statement);
    }
  }

  private long count(String query, Object... params) {
    try (var connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(query)) {
      for (int i = 0; i < params.length; i++) {
        statement.setObject(i + 1, params[i]);
      }
      try (ResultSet result = statement.executeQuery()) {
        result.next();
        return result.getLong(1);
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
