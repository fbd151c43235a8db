package dev.assay.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.rabbitmq.client.Channel;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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
    int port = Replica.freePort();
    doomed = URI.create("http://localhost:" + port + "/");
    Process replica = Replica.start(port, LOG, "quarkus.datasource.jdbc.max-size=" + POOL_SIZE);
    try (Connection database = ItDatabase.connect();
        com.rabbitmq.client.Connection rabbit = Handouts.rabbit().newConnection();
        Channel channel = rabbit.createChannel()) {
      db = database;
      String queue = channel.queueDeclare().getQueue();
      channel.queueBind(queue, Handouts.eventsExchange(), "preference.recorded");
      admin = "Bearer " + ItDatabase.apiKey("admin");
      long campaignId = Handouts.campaign(survivor, admin, "replica-kill", COMPARISONS, N, LEASE_SECONDS);
      List<Rater> raters = raters();
      Replica.awaitReady(replica, doomed, LOG);
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
        storedAtKill = Handouts.judgements(db, campaignId);
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

      Handouts.assertCampaignComplete(survivor, admin, db, campaignId, COMPARISONS, N);
      assertAbandonedLeasesRecoveredOnlyAfterExpiry(campaignId);
      int deliveries = Handouts.assertEveryJudgementRecordedOnceAndPublished(db, campaignId, channel, queue,
          Duration.ofSeconds(30));
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
        if (Handouts.completed(survivor, admin, campaignId)) {
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

  /** 64 raters made by the admin over REST; the second half works through the replica that will die. */
  private List<Rater> raters() {
    List<String> bearers = Handouts.raters(survivor, admin, "replica-kill", RATERS);
    List<Rater> raters = new ArrayList<>();
    for (int i = 0; i < RATERS; i++) {
      boolean onDoomed = i >= RATERS / 2;
      raters.add(new Rater(bearers.get(i), onDoomed ? doomed : survivor, onDoomed && i % 4 == 0));
    }
    return raters;
  }

  private void awaitJudgements(long campaignId, long atLeast) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
    while (Handouts.judgements(db, campaignId) < atLeast) {
      assertThat(Instant.now()).as("%d judgements, %s", Handouts.judgements(db, campaignId), statuses).isBefore(deadline);
      Thread.sleep(50);
    }
  }
}
