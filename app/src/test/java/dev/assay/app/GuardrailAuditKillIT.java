package dev.assay.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A guardrail decision a caller has received is in the audit log even when the replica that made it is
 * killed with SIGKILL right after: a second {@code serve} process of the packaged application answers
 * checks from 16 concurrent callers and is killed mid-traffic; every trace id a caller got back must be
 * in {@code guardrail_audit}. (No model is in production here, so each check answers 503 with the
 * policy's fail-open decision and its trace id: audited the same way as a scored one.)
 */
@QuarkusIntegrationTest
class GuardrailAuditKillIT {
  private static final Path LOG = Path.of("target/guardrail-kill-replica.log");
  private static final int CALLERS = 16;
  private static final int KILL_AFTER = 400;
  private static final Pattern TRACE_ID = Pattern.compile("\"trace_id\"\\s*:\\s*\"([0-9a-f-]{36})\"");

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void everyDecisionAnsweredBeforeTheReplicaIsKilledIsInTheAuditLog() throws Exception {
    int port = Replica.freePort();
    URI replica = URI.create("http://localhost:" + port + "/");
    Process process = Replica.start(port, LOG, "quarkus.datasource.jdbc.max-size=6",
        "assay.scoring.rate-limit.enabled=false");
    ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
    try {
      Replica.awaitReady(process, replica, LOG);
      String admin = "Bearer " + ItDatabase.apiKey("admin");
      String service = "Bearer " + ItDatabase.apiKey("service");
      String policy = "kill-" + UUID.randomUUID().toString().substring(0, 8);
      HttpResponse<String> created = post(replica, admin, "api/v1/guardrail/policies", "{\"name\":\"" + policy
          + "\",\"threshold\":0.0,\"action\":\"block\",\"on_no_model\":\"fail-open\"}");
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

      Set<String> acknowledged = ConcurrentHashMap.newKeySet();
      AtomicBoolean killed = new AtomicBoolean();
      String check = "{\"prompt\":\"How do I boil an egg?\",\"response\":\"Boil it for nine minutes.\",\"policy\":\""
          + policy + "\"}";
      for (int i = 0; i < CALLERS; i++) {
        callers.submit(() -> {
          while (!killed.get()) {
            try {
              Matcher traceId = TRACE_ID.matcher(post(replica, service, "api/v1/guardrail/check", check).body());
              if (traceId.find()) {
                acknowledged.add(traceId.group(1));
              }
            } catch (IOException refusedOrCut) {
              // the replica is gone: nothing was acknowledged
            }
          }
          return null;
        });
      }
      Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
      while (acknowledged.size() < KILL_AFTER) {
        assertThat(Instant.now()).as("%d checks answered: %s", acknowledged.size(), Files.readString(LOG))
            .isBefore(deadline);
        Thread.sleep(10);
      }
      process.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, nothing flushed
      process.waitFor(10, TimeUnit.SECONDS);
      killed.set(true);
      callers.shutdown();
      assertThat(callers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

      Set<String> answered = Set.copyOf(acknowledged);
      assertThat(answered.size()).isGreaterThanOrEqualTo(KILL_AFTER);
      assertThat(missingFromAudit(answered)).as("answered decisions missing from the audit log").isEmpty();
      System.out.printf("reliability: fault injected: SIGKILL during guardrail traffic (%d callers) after %d answered"
          + " checks; 0 of them missing from the audit log%n", CALLERS, answered.size());
    } finally {
      callers.shutdownNow();
      process.destroyForcibly();
    }
  }

  private Set<String> missingFromAudit(Set<String> traceIds) throws Exception {
    Set<String> missing = new HashSet<>(traceIds);
    try (Connection db = ItDatabase.connect();
        PreparedStatement select = db.prepareStatement(
            "SELECT trace_id::text FROM guardrail_audit WHERE trace_id = ANY(?::uuid[])")) {
      select.setArray(1, db.createArrayOf("text", traceIds.toArray()));
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          missing.remove(rows.getString(1));
        }
      }
    }
    return missing;
  }

  private HttpResponse<String> post(URI base, String authorization, String path, String json)
      throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10))
        .header("Authorization", authorization).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
