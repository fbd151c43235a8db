package dev.assay.app;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Issue 5's hand-out with a replica really killed: two replicas of the packaged application (the one the
 * test harness starts and a second {@code serve} process) on one PostgreSQL and one RabbitMQ namespace,
 * 64 raters over REST on 200 comparisons with N = 3 and a 10 s lease. Mid-run the second replica gets
 * SIGKILL; its raters fail over to the survivor as a load balancer would route them, except a few who
 * took a task through it just before and never come back. The campaign must still end with exactly 600
 * judgements, each (comparison, rater) once, every comparison at 3, the abandoned slots filled only after
 * their leases expired, and one relayed {@code preference.recorded} event per judgement.
 */
@QuarkusIntegrationTest
@TestProfile(HandoutReplicaKillIT.SmallPool.class)
class HandoutReplicaKillIT {
  private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
  private static final Path LOG = Path.of("target/handout-replica-b.log");
  private static final int RATERS = 64;
  private static final int COMPARISONS = 200;
  private static final int N = 3;
  private static final int LEASE_SECONDS = 10; // the shortest lease a campaign may set
  private static final int KILL_AFTER = 150;
  private static final int VANISHING = 8;
  // Both replicas and other test JVMs share PostgreSQL's 100 connections.
  private static final String POOL_SIZE = "10";

  public static class SmallPool implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("quarkus.datasource.jdbc.max-size", POOL_SIZE);
    }
  }

  /** A rater's client: sticks to its replica until that one stops answering. */
  private static final class Rater {
    final String bearer;
    final boolean vanishes;
    volatile URI replica;
    volatile boolean failedOver;

    Rater(String bearer, URI replica, boolean vanishes) {
      this.bearer = bearer;
      this.replica = replica;
      this.vanishes = vanishes;
    }
  }

  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
  private final Map<String, AtomicInteger> statuses = new ConcurrentHashMap<>();
  private final AtomicBoolean vanishNow = new AtomicBoolean();
  private final CountDownLatch vanished = new CountDownLatch(VANISHING);
  private final Set<Long> abandoned = ConcurrentHashMap.newKeySet();
  private volatile boolean killing;
  private URI survivor;
  private URI doomed;
  private String admin;
  private Connection db; // held from the start: a busy server may have no connection slot to spare later

  @Test
  void aReplicaKilledMidRunLosesAndDuplicatesNoJudgementAndItsAbandonedLeasesComeBackAfterExpiry()
      throws Exception {
    Instant start = Instant.now();
    survivor = URI.create(RestAssured.baseURI + ":" + RestAssured.port + "/");
    int port = freePort();
    doomed = URI.create("http://localhost:" + port + "/");
    Process replica = startReplica(port);
    try (Connection database = ItDatabase.connect();
        com.rabbitmq.client.Connection rabbit = rabbit().newConnection();
        Channel channel = rabbit.createChannel()) {
      db = database;
      String queue = channel.queueDeclare().getQueue();
      channel.queueBind(queue, System.getenv().getOrDefault("ASSAY_TEST_MQ_NAMESPACE", "assay-test") + ".events",
          "preference.recorded");
      admin = "Bearer " + ItDatabase.apiKey("admin");
      long campaignId = campaign();
      List<Rater> raters = raters();
      awaitReady(replica);
      Instant ready = Instant.now();

      ExecutorService pool = Executors.newFixedThreadPool(RATERS);
      Instant killedAt;
      long storedAtKill;
      try {
        List<Future<?>> work = new ArrayList<>();
        for (Rater rater : raters) {
          work.add(pool.submit(() -> {
            work(campaignId, rater);
            return null;
          }));
        }
        awaitJudgements(campaignId, KILL_AFTER);
        vanishNow.set(true);
        assertThat(vanished.await(60, TimeUnit.SECONDS)).as("raters took their last task").isTrue();
        killing = true;
        killedAt = Instant.now();
        replica.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, open transactions just vanish
        storedAtKill = judgements(campaignId);
        for (Future<?> future : work) {
          try {
            future.get(130, TimeUnit.SECONDS);
          } catch (ExecutionException e) {
            if (e.getCause() instanceof AssertionError assertion) {
              throw assertion; // a rater's failed expectation, with its own message
            }
            throw e;
          }
        }
      } finally {
        pool.shutdownNow();
      }
      Instant finished = Instant.now();

      // The kill landed mid-run, with the dead replica's raters active on it until then.
      assertThat(storedAtKill).isBetween((long) KILL_AFTER, (long) COMPARISONS * N - 1);
      assertThat(statuses).containsKey("submit 201 doomed");
      assertThat(raters.stream().filter(r -> r.failedOver).count())
          .as("every rater of the killed replica who stayed moved to the survivor")
          .isEqualTo(RATERS / 2 - VANISHING);

      assertCampaignComplete(campaignId);
      assertAbandonedLeasesRecoveredOnlyAfterExpiry(campaignId);
      int deliveries = assertEveryJudgementRecordedOnceAndPublished(campaignId, channel, queue);
      System.out.printf("HandoutReplicaKillIT: setup %ds, run %ds (kill at %d judgements, %ds in), %d deliveries,"
              + " statuses %s%n",
          Duration.between(start, ready).toSeconds(), Duration.between(ready, finished).toSeconds(), storedAtKill,
          Duration.between(ready, killedAt).toSeconds(), deliveries, new TreeMap<>(statuses));
    } finally {
      replica.destroyForcibly();
    }
  }

  /** Takes and judges tasks until the campaign is completed; a vanishing rater leaves with a fresh lease. */
  private void work(long campaignId, Rater rater) throws Exception {
    String next = "campaigns/" + campaignId + "/tasks/next";
    Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
    while (Instant.now().isBefore(deadline)) {
      if (rater.vanishes && vanishNow.get()) {
        HttpResponse<String> task = send(rater, next, "");
        assertThat(task.statusCode()).as(task.body()).isEqualTo(201);
        abandoned.add(JsonPath.from(task.body()).getLong("assignmentId"));
        vanished.countDown();
        return; // closes the tab: the lease stays behind on a replica about to die
      }
      HttpResponse<String> task = record("next", send(rater, next, ""));
      if (task.statusCode() == 204) {
        if (completed(campaignId)) {
          return;
        }
        Thread.sleep(300); // slots held by live leases come back when they expire
        continue;
      }
      // 200: a task whose lease was taken through the dead replica, handed back by the survivor
      assertThat(task.statusCode()).as(task.body()).isIn(200, 201);
      long assignmentId = JsonPath.from(task.body()).getLong("assignmentId");
      Thread.sleep(ThreadLocalRandom.current().nextLong(500, 1500)); // reading the pair
      String side = ThreadLocalRandom.current().nextBoolean() ? "LEFT" : "RIGHT";
      // timeSpentMs at a human pace, so the quality checks (not under test) pause nobody
      HttpResponse<String> submitted = record("submit", send(rater, "assignments/" + assignmentId + "/judgement",
          "{\"choice\":\"" + side + "\",\"timeSpentMs\":20000}"));
      // 200: stored by the dead replica, its answer lost; 409: the lease expired and others took the slot
      assertThat(submitted.statusCode()).as(submitted.body()).isIn(200, 201, 409);
    }
    fail("a rater was still working after two minutes");
  }

  private HttpResponse<String> send(Rater rater, String path, String body) throws InterruptedException {
    while (true) {
      URI replica = rater.replica;
      HttpRequest request = HttpRequest.newBuilder(replica.resolve("api/v1/" + path))
          .header("Authorization", rater.bearer)
          .header("Content-Type", "application/json")
          .timeout(Duration.ofSeconds(30))
          .POST(HttpRequest.BodyPublishers.ofString(body))
          .build();
      try {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        // Like a load balancer, retry on the survivor: tasks/next hands a held lease back, and a
        // judgement is stored at most once per assignment.
        assertThat(killing).as("%s failed before the kill: %s", replica, e).isTrue();
        assertThat(replica).isEqualTo(doomed);
        rater.replica = survivor;
        rater.failedOver = true;
        tally("failover after " + e.getClass().getSimpleName());
      }
    }
  }

  private HttpResponse<String> record(String call, HttpResponse<String> response) {
    String replica = response.uri().getPort() == doomed.getPort() ? "doomed" : "survivor";
    tally(call + " " + response.statusCode() + " " + replica);
    return response;
  }

  private void tally(String what) {
    statuses.computeIfAbsent(what, k -> new AtomicInteger()).incrementAndGet();
  }

  private boolean completed(long campaignId) {
    return "COMPLETED".equals(given().baseUri(survivor.toString()).header("Authorization", admin)
        .get("/api/v1/campaigns/{id}", campaignId).then().statusCode(200).extract().path("state"));
  }

  private void assertCampaignComplete(long campaignId) throws Exception {
    assertThat(judgements(campaignId)).isEqualTo(COMPARISONS * N);
    assertThat(count("SELECT count(*) FROM (SELECT comparison_id, rater FROM preference WHERE campaign_id = ?"
        + " GROUP BY 1, 2 HAVING count(*) > 1) twice", campaignId)).isZero();
    assertThat(count("SELECT count(*) FROM campaign_item i WHERE i.campaign_id = ? AND i.completed = ? AND"
        + " (SELECT count(*) FROM preference p WHERE p.campaign_id = i.campaign_id"
        + " AND p.comparison_id = i.comparison_id) = ?", campaignId, N, N)).isEqualTo(COMPARISONS);
    assertThat(count("SELECT count(*) FROM assignment WHERE campaign_id = ? AND state = 'LEASED'"
        + " AND lease_expires_at > now()", campaignId)).isZero();
    JsonPath campaign = given().baseUri(survivor.toString()).header("Authorization", admin)
        .get("/api/v1/campaigns/{id}", campaignId).then().statusCode(200).extract().jsonPath();
    assertThat(campaign.getString("state")).isEqualTo("COMPLETED");
    assertThat(campaign.getInt("itemsDone")).isEqualTo(COMPARISONS);
  }

  /** While an abandoned lease lived, its comparison could take only N - 1 judgements. */
  private void assertAbandonedLeasesRecoveredOnlyAfterExpiry(long campaignId) throws Exception {
    assertThat(abandoned).hasSize(VANISHING);
    try (PreparedStatement statement = db.prepareStatement(
            "SELECT a.state, a.lease_expires_at, max(p.judged_at), count(p.id), count(p.id) FILTER (WHERE"
                + " p.rater = a.rater) FROM assignment a JOIN campaign_item i ON i.id = a.campaign_item_id"
                + " LEFT JOIN preference p ON p.campaign_id = a.campaign_id AND p.comparison_id = i.comparison_id"
                + " WHERE a.campaign_id = ? AND a.id = ANY(?) GROUP BY a.id")) {
      statement.setLong(1, campaignId);
      statement.setArray(2, db.createArrayOf("bigint", abandoned.toArray()));
      try (ResultSet rows = statement.executeQuery()) {
        int seen = 0;
        while (rows.next()) {
          seen++;
          assertThat(rows.getString(1)).isEqualTo("LEASED");
          assertThat(rows.getLong(4)).isEqualTo(N);
          assertThat(rows.getLong(5)).as("judgements by the rater who left").isZero();
          assertThat(rows.getTimestamp(3).toInstant()).as("the comparison's last judgement")
              .isAfterOrEqualTo(rows.getTimestamp(2).toInstant());
        }
        assertThat(seen).isEqualTo(VANISHING);
      }
    }
  }

  /**
   * One outbox event per judgement, relayed to RabbitMQ at least once (a batch a replica sent but did not
   * mark before dying is sent again); returns how many messages arrived.
   */
  private int assertEveryJudgementRecordedOnceAndPublished(long campaignId, Channel channel, String queue)
      throws Exception {
    assertThat(count("SELECT count(*) FROM preference p WHERE p.campaign_id = ? AND (SELECT count(*) FROM"
        + " outbox_event o WHERE o.event_type = 'preference.recorded'"
        + " AND (o.payload->'data'->>'preferenceId')::bigint = p.id) <> 1", campaignId)).isZero();
    assertThat(count("SELECT count(*) FROM outbox_event WHERE event_type = 'campaign.completed'"
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
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (received.size() < stored.size() && Instant.now().isBefore(deadline)) {
      GetResponse message = channel.basicGet(queue, true);
      if (message == null) {
        Thread.sleep(100);
        continue;
      }
      JsonPath event = JsonPath.from(new String(message.getBody(), StandardCharsets.UTF_8));
      assertThat(message.getProps().getMessageId()).isEqualTo(event.getString("id"));
      if (event.getLong("data.campaignId") == campaignId) {
        received.add(event.getLong("data.preferenceId"));
        deliveries++;
      }
    }
    assertThat(received).isEqualTo(stored);
    return deliveries;
  }

  /** 64 raters made by the admin over REST; the second half works through the replica that will die. */
  private List<Rater> raters() {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    List<Rater> raters = new ArrayList<>();
    for (int i = 0; i < RATERS; i++) {
      String name = "replica-kill-" + tag + "-" + i;
      given().baseUri(survivor.toString()).header("Authorization", admin).contentType(ContentType.JSON)
          .body(Map.of("username", name, "password", "rater-password-" + tag, "roles", List.of("rater")))
          .post("/api/v1/admin/users").then().statusCode(201);
      String key = given().baseUri(survivor.toString()).header("Authorization", admin).contentType(ContentType.JSON)
          .body(Map.of("owner", name, "role", "rater", "label", "replica-kill"))
          .post("/api/v1/admin/api-keys").then().statusCode(201).extract().path("apiKey");
      boolean onDoomed = i >= RATERS / 2;
      raters.add(new Rater("Bearer " + key, onDoomed ? doomed : survivor, onDoomed && i % 4 == 0));
    }
    return raters;
  }

  /** An imported dataset of 200 pairs as an active campaign: binary, N = 3, no gold, a 10 s lease. */
  private long campaign() throws InterruptedException {
    String dataset = "replica-kill-" + UUID.randomUUID().toString().substring(0, 8);
    StringBuilder pairs = new StringBuilder();
    for (int i = 0; i < COMPARISONS; i++) {
      pairs.append("{\"prompt\":\"").append(dataset).append(" question ").append(i)
          .append("\",\"chosen\":\"a careful answer ").append(i)
          .append("\",\"rejected\":\"a careless answer ").append(i).append("\"}\n");
    }
    String job = given().baseUri(survivor.toString()).header("Authorization", admin).contentType(ContentType.BINARY)
        .body(pairs.toString().getBytes(StandardCharsets.UTF_8)).queryParam("file", "pairs.jsonl")
        .post("/api/v1/datasets/{name}/imports", dataset).then().statusCode(202).extract().header("Location");
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (!"SUCCEEDED".equals(given().header("Authorization", admin).get(job).then().statusCode(200)
        .extract().path("state"))) {
      assertThat(Instant.now()).as("import " + job).isBefore(deadline);
      Thread.sleep(200);
    }
    long id = given().baseUri(survivor.toString()).header("Authorization", admin).contentType(ContentType.JSON)
        .body(Map.of("name", dataset, "guidelines", "Pick the more helpful response.", "criteria",
            List.of("helpfulness"), "scale", "BINARY", "ratingsRequired", N, "goldRate", 0,
            "leaseSeconds", LEASE_SECONDS))
        .post("/api/v1/campaigns").then().statusCode(201).extract().jsonPath().getLong("id");
    int added = given().baseUri(survivor.toString()).header("Authorization", admin).contentType(ContentType.JSON)
        .body(Map.of("dataset", dataset)).post("/api/v1/campaigns/{id}/items", id)
        .then().statusCode(200).extract().path("added");
    assertThat(added).isEqualTo(COMPARISONS);
    given().baseUri(survivor.toString()).header("Authorization", admin).contentType(ContentType.JSON)
        .body(Map.of("state", "ACTIVE")).put("/api/v1/campaigns/{id}/state", id).then().statusCode(200);
    return id;
  }

  private Process startReplica(int port) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(java, "-Dai.djl.offline=true", "--enable-native-access=ALL-UNNAMED",
        "-Dquarkus.profile=test", "-Dquarkus.flyway.clean-at-start=false", "-Dquarkus.http.port=" + port,
        "-Dquarkus.datasource.jdbc.max-size=" + POOL_SIZE, "-jar", JAR.toString(), "serve")
        .redirectErrorStream(true)
        .redirectOutput(LOG.toFile())
        .start();
  }

  private void awaitReady(Process replica) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
    HttpRequest health = HttpRequest.newBuilder(doomed.resolve("q/health/ready")).timeout(Duration.ofSeconds(5)).build();
    while (true) {
      assertThat(replica.isAlive()).as("second replica exited: %s", Files.readString(LOG)).isTrue();
      assertThat(Instant.now()).as("second replica not ready: %s", Files.readString(LOG)).isBefore(deadline);
      try {
        if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notListeningYet) {
        // starting
      }
      Thread.sleep(250);
    }
  }

  private void awaitJudgements(long campaignId, long atLeast) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
    while (judgements(campaignId) < atLeast) {
      assertThat(Instant.now()).as("%d judgements, %s", judgements(campaignId), statuses).isBefore(deadline);
      Thread.sleep(50);
    }
  }

  private long judgements(long campaignId) throws Exception {
    return count("SELECT count(*) FROM preference WHERE campaign_id = ?", campaignId);
  }

  private long count(String query, Object... params) throws Exception {
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

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static ConnectionFactory rabbit() {
    ConnectionFactory factory = new ConnectionFactory();
    factory.setHost(System.getenv().getOrDefault("ASSAY_RABBITMQ_HOST", "127.0.0.1"));
    factory.setPort(Integer.parseInt(System.getenv().getOrDefault("ASSAY_RABBITMQ_PORT", "5672")));
    return factory;
  }
}
