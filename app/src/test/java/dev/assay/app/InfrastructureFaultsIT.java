package dev.assay.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.rabbitmq.client.Channel;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The infrastructure failing under a running hand-out: PostgreSQL restarted while 64 raters work, and
 * RabbitMQ stopped while judgements are submitted. Nothing acknowledged may be lost, nothing doubled,
 * and every event must reach RabbitMQ once it is back. Both need to stop and start the local services,
 * as root on a Debian cluster; elsewhere they are skipped, saying why.
 */
@QuarkusIntegrationTest
class InfrastructureFaultsIT {
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
  private final Map<String, AtomicInteger> statuses = new ConcurrentHashMap<>();
  private final Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
  private URI app;
  private String admin;

  @Test
  void aDatabaseRestartDuringA64RaterHandoutLosesAndDoublesNoJudgement() throws Exception {
    String[] cluster = postgresCluster();
    int raters = 64;
    int comparisons = 200;
    int n = 3;
    app = URI.create(RestAssured.baseURI + ":" + RestAssured.port + "/");
    admin = "Bearer " + ItDatabase.apiKey("admin");
    long campaignId = Handouts.campaign(app, admin, "db-restart", comparisons, n, 10);
    List<String> bearers = Handouts.raters(app, admin, "db-restart", raters);
    List<String> readiness = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(raters + 1);
    Instant restartedAt;
    // this connection dies with the restart: the checks afterwards open a new one
    try (Connection before = ItDatabase.connect()) {
      List<Future<?>> work = new ArrayList<>();
      for (String rater : bearers) {
        work.add(pool.submit(() -> {
          rate(campaignId, rater, 800, Duration.ofSeconds(240));
          return null;
        }));
      }
      Future<?> watcher = pool.submit(() -> watchReadiness(readiness));
      awaitJudgements(before, campaignId, comparisons * n / 3);
      restartedAt = Instant.now();
      run("pg_ctlcluster", cluster[0], cluster[1], "stop", "-m", "fast");
      Thread.sleep(3_000); // long enough for every replica's readiness probe to see it
      run("pg_ctlcluster", cluster[0], cluster[1], "start");
      awaitAll(work);
      watcher.cancel(true);
    } finally {
      pool.shutdownNow();
    }
    try (Connection db = ItDatabase.connect()) {
      Handouts.assertCampaignComplete(app, admin, db, campaignId, comparisons, n);
      assertThat(missing(db)).as("acknowledged judgements missing after the restart").isEmpty();
    }
    assertThat(String.join(",", readiness)).as("readiness while PostgreSQL restarted").contains("UP,DOWN").contains("DOWN,UP");
    assertThat(statuses.keySet()).as("the outage is answered 503 (retry), never 500").noneMatch(s -> s.endsWith(" 500"));
    System.out.printf("reliability: fault injected: PostgreSQL restarted %s into a 64-rater hand-out; %d judgements"
            + " acknowledged, 0 lost, 0 doubled; readiness %s; statuses %s%n",
        Duration.between(restartedAt, Instant.now()).toSeconds() + "s before the end", acknowledged.size(),
        String.join(",", readiness), new TreeMap<>(statuses));
  }

  @Test
  void judgementsSubmittedWhileRabbitMqIsDownAreEveryOneDeliveredWhenItIsBack() throws Exception {
    Assumptions.assumeTrue(canRun("rabbitmqctl", "status"), "skipped: needs rabbitmqctl as root to stop the local broker");
    // Enough work, read slowly enough, that the raters are still at it once `stop_app` returns, which
    // takes seconds on a busy host; few enough judgements each that the too-fast rule never looks at them.
    int raters = 16;
    int comparisons = 120;
    app = URI.create(RestAssured.baseURI + ":" + RestAssured.port + "/");
    admin = "Bearer " + ItDatabase.apiKey("admin");
    long campaignId = Handouts.campaign(app, admin, "broker-outage", comparisons, 1, 10);
    List<String> bearers = Handouts.raters(app, admin, "broker-outage", raters);
    String queue = Handouts.eventsExchange() + ".broker-outage-" + campaignId;
    try (Connection db = ItDatabase.connect()) {
      try (com.rabbitmq.client.Connection rabbit = Handouts.rabbit().newConnection();
          Channel channel = rabbit.createChannel()) {
        // durable, so the queue and what reaches it outlive the broker's stop; one left by an earlier run
        // of a recreated database (same campaign id) would hold that run's events, so it goes first
        channel.queueDelete(queue);
        channel.queueDeclare(queue, true, false, false, null);
        channel.queueBind(queue, Handouts.eventsExchange(), "preference.recorded");
      }
      ExecutorService pool = Executors.newFixedThreadPool(raters);
      long duringOutage;
      try {
        List<Future<?>> work = new ArrayList<>();
        for (String rater : bearers) {
          work.add(pool.submit(() -> {
            rate(campaignId, rater, 2_000, Duration.ofSeconds(180));
            return null;
          }));
        }
        awaitJudgements(db, campaignId, 15);
        run("rabbitmqctl", "stop_app");
        long atStop = Handouts.judgements(db, campaignId);
        try {
          awaitJudgements(db, campaignId, atStop + 15);
        } finally {
          duringOutage = Handouts.judgements(db, campaignId) - atStop;
          run("rabbitmqctl", "start_app");
        }
        awaitAll(work);
      } finally {
        pool.shutdownNow();
      }
      Handouts.assertCampaignComplete(app, admin, db, campaignId, comparisons, 1);
      assertThat(missing(db)).isEmpty();
      try (com.rabbitmq.client.Connection rabbit = Handouts.rabbit().newConnection();
          Channel channel = rabbit.createChannel()) {
        int deliveries = Handouts.assertEveryJudgementRecordedOnceAndPublished(db, campaignId, channel, queue,
            Duration.ofSeconds(60));
        channel.queueDelete(queue);
        System.out.printf("reliability: fault injected: RabbitMQ stopped while %d judgements were submitted; all %d"
                + " events delivered after it returned (%d deliveries: at least once), 0 lost%n", duringOutage,
            comparisons, deliveries);
      }
    }
  }

  /**
   * Takes and judges tasks until the campaign completes, reading each pair for up to {@code readingMillis}
   * and waiting out failures as a patient client would.
   */
  private void rate(long campaignId, String rater, long readingMillis, Duration patience) throws Exception {
    String next = "campaigns/" + campaignId + "/tasks/next";
    Instant deadline = Instant.now().plus(patience);
    while (Instant.now().isBefore(deadline)) {
      HttpResponse<String> task = send(rater, next, "");
      if (task == null || task.statusCode() >= 500) {
        Thread.sleep(250);
        continue;
      }
      if (task.statusCode() == 204) {
        if (Handouts.completed(app, admin, campaignId)) {
          return;
        }
        Thread.sleep(300);
        continue;
      }
      assertThat(task.statusCode()).as(task.body()).isIn(200, 201);
      long assignmentId = JsonPath.from(task.body()).getLong("assignmentId");
      Thread.sleep(ThreadLocalRandom.current().nextLong(readingMillis / 4, readingMillis)); // reading the pair
      String body = "{\"choice\":\"" + (ThreadLocalRandom.current().nextBoolean() ? "LEFT" : "RIGHT")
          + "\",\"timeSpentMs\":20000}";
      while (Instant.now().isBefore(deadline)) {
        HttpResponse<String> submitted = send(rater, "assignments/" + assignmentId + "/judgement", body);
        if (submitted == null || submitted.statusCode() >= 500) {
          Thread.sleep(250); // the same judgement again: it is stored at most once per assignment
          continue;
        }
        if (submitted.statusCode() == 200 || submitted.statusCode() == 201) {
          acknowledged.add(JsonPath.from(submitted.body()).getLong("preferenceId"));
        } else {
          // 409: the lease expired while the database was away and the slot went to another rater
          assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(409);
        }
        break;
      }
    }
    if (!Instant.now().isBefore(deadline)) {
      fail("a rater was still working after " + patience.toSeconds() + " s: " + new TreeMap<>(statuses));
    }
  }

  /** The answer, or null when the call failed without one (the server had no database to answer from). */
  private HttpResponse<String> send(String rater, String path, String body) throws InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(app.resolve("api/v1/" + path))
        .header("Authorization", rater)
        .header("Content-Type", "application/json")
        .timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      tally(path.substring(path.lastIndexOf('/') + 1) + " " + response.statusCode());
      return response;
    } catch (IOException e) {
      tally("no answer: " + e.getClass().getSimpleName());
      return null;
    }
  }

  private void watchReadiness(List<String> seen) {
    HttpRequest ready = HttpRequest.newBuilder(app.resolve("q/health/ready")).timeout(Duration.ofSeconds(5)).build();
    while (!Thread.currentThread().isInterrupted()) {
      String state;
      try {
        state = http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200 ? "UP" : "DOWN";
      } catch (IOException e) {
        state = "DOWN";
      } catch (InterruptedException e) {
        return;
      }
      synchronized (seen) {
        if (seen.isEmpty() || !seen.getLast().equals(state)) {
          seen.add(state);
        }
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private Set<Long> missing(Connection db) throws Exception {
    Set<Long> stored = new HashSet<>();
    try (PreparedStatement statement = db.prepareStatement("SELECT id FROM preference WHERE id = ANY(?)")) {
      statement.setArray(1, db.createArrayOf("bigint", acknowledged.toArray()));
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          stored.add(rows.getLong(1));
        }
      }
    }
    Set<Long> missing = new HashSet<>(acknowledged);
    missing.removeAll(stored);
    return missing;
  }

  private void awaitJudgements(Connection db, long campaignId, long atLeast) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
    while (Handouts.judgements(db, campaignId) < atLeast) {
      assertThat(Instant.now()).as("%d judgements, %s", Handouts.judgements(db, campaignId), statuses).isBefore(deadline);
      Thread.sleep(50);
    }
  }

  private static void awaitAll(List<Future<?>> work) throws Exception {
    for (Future<?> future : work) {
      try {
        future.get(300, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof AssertionError assertion) {
          throw assertion; // a rater's failed expectation, with its own message
        }
        throw e;
      }
    }
  }

  private void tally(String what) {
    statuses.computeIfAbsent(what, k -> new AtomicInteger()).incrementAndGet();
  }

  /** The local cluster serving the test database ({version, name}); skips the test when there is none to restart. */
  private static String[] postgresCluster() throws Exception {
    Assumptions.assumeTrue(canRun("pg_lsclusters", "-h"), "skipped: needs pg_lsclusters/pg_ctlcluster as root");
    String url = System.getenv().getOrDefault("ASSAY_TEST_DB_URL", "jdbc:postgresql://127.0.0.1:5432/assay_test");
    var matcher = java.util.regex.Pattern.compile("//([^:/]+)(?::(\\d+))?/").matcher(url);
    Assumptions.assumeTrue(matcher.find() && List.of("127.0.0.1", "localhost").contains(matcher.group(1)),
        "skipped: the test database is not on this machine");
    String port = matcher.group(2) == null ? "5432" : matcher.group(2);
    Process list = new ProcessBuilder("pg_lsclusters", "-h").start();
    String clusters = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    list.waitFor();
    for (String line : clusters.split("\n")) {
      String[] fields = line.trim().split("\\s+");
      if (fields.length > 3 && fields[2].equals(port) && fields[3].equals("online")) {
        return new String[] {fields[0], fields[1]};
      }
    }
    Assumptions.abort("skipped: no online local cluster on port " + port);
    return null;
  }

  private static boolean canRun(String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getInputStream().readAllBytes();
      return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0
          && "root".equals(System.getProperty("user.name"));
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  private static void run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
    assertThat(process.exitValue()).as(String.join(" ", command) + ": " + output).isZero();
  }
}
