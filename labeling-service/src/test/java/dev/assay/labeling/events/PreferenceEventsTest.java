package dev.assay.labeling.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import dev.assay.labeling.support.Fixtures;
import dev.assay.labeling.support.Fixtures.User;
import dev.assay.platform.identity.Roles;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** preference.recorded reaches RabbitMQ through the outbox, also when the broker was down meanwhile. */
@QuarkusTest
class PreferenceEventsTest {
  @Inject Fixtures fixtures;

  @ConfigProperty(name = "rabbitmq-host")
  String host;

  @ConfigProperty(name = "rabbitmq-port")
  int port;

  @ConfigProperty(name = "rabbitmq-username")
  String username;

  @ConfigProperty(name = "rabbitmq-password")
  String password;

  /** The outbox relay's exchange (namespaced per installation, and for tests). */
  @ConfigProperty(name = "mp.messaging.outgoing.events.exchange.name")
  String exchange;

  @Test
  void aSubmittedJudgementIsPublishedAsPreferenceRecordedWithItsEventId() throws Exception {
    User admin = fixtures.user(Roles.ADMIN, "admin");
    User rater = fixtures.user(Roles.RATER, "rater");
    long campaign = fixtures.activeCampaign(admin, Map.of(), fixtures.comparisons(1));
    String queue = "test-labeling-" + UUID.randomUUID();
    try (Connection connection = factory().newConnection(); Channel channel = connection.createChannel()) {
      bind(channel, queue);
      long assignment = fixtures.next(rater, campaign).then().statusCode(201).extract().jsonPath().getLong("assignmentId");
      long preference = fixtures.submit(rater, assignment, Map.of("choice", "LEFT")).then().statusCode(201)
          .extract().jsonPath().getLong("preferenceId");

      Map<Long, String> received = receive(channel, queue, Set.of(preference), Duration.ofSeconds(20));
      String eventId = fixtures.list("SELECT CAST(id AS text) FROM outbox_event WHERE event_type = 'preference.recorded'"
          + " AND (payload->'data'->>'preferenceId')::bigint = ?", row -> row.getString(1), preference).get(0);
      assertThat(received).containsEntry(preference, eventId);
    } finally {
      deleteQueue(queue);
    }
  }

  @Test
  void submissionsKeepWorkingWhileRabbitMqIsDownAndTheOutboxDrainsAfterwards() throws Exception {
    User admin = fixtures.user(Roles.ADMIN, "admin");
    User rater = fixtures.user(Roles.RATER, "rater");
    long campaign = fixtures.activeCampaign(admin, Map.of(), fixtures.comparisons(3));
    String queue = "test-labeling-" + UUID.randomUUID();
    try (Connection connection = factory().newConnection(); Channel channel = connection.createChannel()) {
      bind(channel, queue); // durable: it outlives the broker's stop_app/start_app
    }
    Set<Long> preferences = new HashSet<>();
    try {
      rabbitmqctl("stop_app");
      for (int i = 0; i < 3; i++) {
        long assignment = fixtures.next(rater, campaign).then().statusCode(201).extract().jsonPath().getLong("assignmentId");
        preferences.add(fixtures.submit(rater, assignment, Map.of("choice", "RIGHT")).then().statusCode(201)
            .extract().jsonPath().getLong("preferenceId"));
      }
      assertThat(pending(preferences)).isEqualTo(3);
    } finally {
      rabbitmqctl("start_app");
    }
    try (Connection connection = factory().newConnection(); Channel channel = connection.createChannel()) {
      Map<Long, String> received = receive(channel, queue, preferences, Duration.ofSeconds(90));
      assertThat(received.keySet()).containsAll(preferences);
      // A row is marked published once the broker confirmed it, which can be just after delivery.
      Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
      while (pending(preferences) > 0 && Instant.now().isBefore(deadline)) {
        Thread.sleep(100);
      }
      assertThat(pending(preferences)).isZero();
    } finally {
      deleteQueue(queue);
    }
  }

  private long pending(Set<Long> preferences) {
    return fixtures.count("SELECT count(*) FROM outbox_event WHERE event_type = 'preference.recorded'"
        + " AND published_at IS NULL AND (payload->'data'->>'preferenceId')::bigint = ANY(?::bigint[])",
        new ArrayList<>(preferences));
  }

  private ConnectionFactory factory() {
    ConnectionFactory factory = new ConnectionFactory();
    factory.setHost(host);
    factory.setPort(port);
    factory.setUsername(username);
    factory.setPassword(password);
    return factory;
  }

  private void bind(Channel channel, String queue) throws Exception {
    channel.exchangeDeclare(exchange, "topic", true);
    channel.queueDeclare(queue, true, false, false, null);
    channel.queueBind(queue, exchange, "preference.recorded");
  }

  private void deleteQueue(String queue) {
    try (Connection connection = factory().newConnection(); Channel channel = connection.createChannel()) {
      channel.queueDelete(queue);
    } catch (Exception e) {
      // the queue is only test debris
    }
  }

  /** Reads messages until every wanted preference id arrived; returns preference id -> message id. */
  private static Map<Long, String> receive(Channel channel, String queue, Set<Long> wanted, Duration timeout)
      throws Exception {
    Map<Long, String> received = new java.util.HashMap<>();
    Instant end = Instant.now().plus(timeout);
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    while (!received.keySet().containsAll(wanted) && Instant.now().isBefore(end)) {
      GetResponse message = channel.basicGet(queue, true);
      if (message == null) {
        TimeUnit.MILLISECONDS.sleep(200);
        continue;
      }
      var body = json.readTree(new String(message.getBody(), StandardCharsets.UTF_8));
      assertThat(body.get("type").asText()).isEqualTo("preference.recorded");
      assertThat(message.getProps().getMessageId()).isEqualTo(body.get("id").asText());
      received.put(body.get("data").get("preferenceId").asLong(), message.getProps().getMessageId());
    }
    return received;
  }

  private static void rabbitmqctl(String command) throws Exception {
    Process process = new ProcessBuilder("rabbitmqctl", command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException("rabbitmqctl " + command + " failed: " + output);
    }
    if (command.equals("start_app")) {
      new ProcessBuilder("rabbitmqctl", "await_startup").start().waitFor(120, TimeUnit.SECONDS);
    }
  }

}
