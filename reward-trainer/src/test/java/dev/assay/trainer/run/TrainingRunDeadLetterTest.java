package dev.assay.trainer.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import dev.assay.platform.outbox.Outbox;
import dev.assay.trainer.TestModels;
import dev.assay.trainer.TrainerSettings;
import dev.assay.trainer.training.TrainingConfig;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Against the real RabbitMQ: a run that cannot succeed ends FAILED and its message is dead-lettered. */
@QuarkusTest
class TrainingRunDeadLetterTest {
  @Inject TrainingRunService runs;
  @Inject TrainerSettings settings;
  @Inject Outbox outbox;
  @Inject ObjectMapper json;

  @ConfigProperty(name = "assay.mq.namespace") String namespace;
  @ConfigProperty(name = "rabbitmq-host") String host;
  @ConfigProperty(name = "rabbitmq-port") int port;
  @ConfigProperty(name = "rabbitmq-username") String user;
  @ConfigProperty(name = "rabbitmq-password") String password;

  @Test
  void aRunThatFailsEveryAttemptEndsFailedAndItsMessageIsDeadLettered() throws Exception {
    // A featurizer the submit check refuses, stored directly as if written before that check existed.
    long runId = queue("bogus", 0);

    TrainingRun run = awaitFinished(runId);

    assertThat(run.state).isEqualTo(TrainingRun.State.FAILED);
    assertThat(run.attempts).isEqualTo(settings.maxAttempts());
    assertThat(run.error).contains("failed " + settings.maxAttempts() + " attempts").contains("bogus");
    assertThat(deadLettered(runId)).isTrue();
  }

  @Test
  void aRunWhoseEarlierDeliveriesCrashedTheirWorkersIsGivenUp() throws Exception {
    long runId = queue("hashed", settings.maxAttempts());

    TrainingRun run = awaitFinished(runId);

    assertThat(run.state).isEqualTo(TrainingRun.State.FAILED);
    assertThat(run.error).startsWith("gave up after " + settings.maxAttempts() + " attempts");
    assertThat(run.modelId).isNull();
    assertThat(deadLettered(runId)).isTrue();
  }

  /** A queued run with its request event, as {@code create} writes them, bypassing the submit checks. */
  private long queue(String featurizer, int earlierAttempts) {
    long snapshot = TestModels.snapshot();
    return QuarkusTransaction.requiringNew().call(() -> {
      TrainingRun run = new TrainingRun();
      run.snapshotId = snapshot;
      run.config = json.convertValue(TrainingConfig.builder().optFeaturizer(featurizer).optEpochs(1).build(), Map.class);
      run.state = TrainingRun.State.QUEUED;
      run.attempts = earlierAttempts;
      run.createdBy = "tests";
      run.createdAt = Instant.now();
      run.persist();
      outbox.record(TrainingRunService.REQUESTED, Map.of("runId", run.id));
      return run.id;
    });
  }

  private TrainingRun awaitFinished(long runId) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
    TrainingRun run = runs.get(runId);
    while (!run.state.finished() && Instant.now().isBefore(deadline)) {
      Thread.sleep(200);
      run = runs.get(runId);
    }
    return run;
  }

  /** Whether the dead-letter queue holds the run's request (other runs' dead letters are drained). */
  private boolean deadLettered(long runId) throws Exception {
    ConnectionFactory factory = new ConnectionFactory();
    factory.setHost(host);
    factory.setPort(port);
    factory.setUsername(user);
    factory.setPassword(password);
    Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
    try (Connection connection = factory.newConnection(); Channel channel = connection.createChannel()) {
      while (Instant.now().isBefore(deadline)) {
        GetResponse message = channel.basicGet(namespace + ".training-runs.dead", true);
        if (message == null) {
          Thread.sleep(100);
          continue;
        }
        Map<?, ?> event = json.readValue(new String(message.getBody(), StandardCharsets.UTF_8), Map.class);
        if (((Number) ((Map<?, ?>) event.get("data")).get("runId")).longValue() == runId) {
          return true;
        }
      }
    }
    return false;
  }
}
