package dev.assay.labeling.handout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.labeling.support.Fixtures;
import dev.assay.labeling.support.Fixtures.User;
import dev.assay.testing.TestClock;
import dev.assay.platform.identity.Roles;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** 64 raters over REST against one campaign: exactly N judgements per comparison, whatever happens. */
@QuarkusTest
class HandoutConcurrencyTest {
  private static final int RATERS = 64;
  private static final int COMPARISONS = 200;
  private static final int N = 3;

  @Inject Fixtures fixtures;
  @Inject TestClock clock;
  @Inject ObjectMapper json;

  @TestHTTPResource("/")
  URI base;

  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();

  @Test
  void sixtyFourRatersEndWithExactlyNJudgementsPerComparisonAndNoRepeats() throws Exception {
    Setup setup = setup("plain");
    Map<String, AtomicInteger> statuses = new ConcurrentHashMap<>();
    runAll(setup.raters(), rater -> workUntilNoTask(setup.campaignId(), rater, statuses, null));

    assertCampaignComplete(setup.campaignId());
    assertThat(statuses.get("201").get()).isEqualTo(COMPARISONS * N);
    assertThat(statuses.keySet()).containsOnly("201");
  }

  @Test
  void leasesExpiringMidRunAreReclaimedAndLateSubmitsNeverExceedN() throws Exception {
    Setup setup = setup("expiring");
    Map<String, AtomicInteger> statuses = new ConcurrentHashMap<>();
    // A quarter of the raters hold their second task until the clock has jumped past every lease; the
    // rest keep working, so leases expire in flight and expired slots are handed to others.
    CountDownLatch holding = new CountDownLatch(RATERS / 4);
    CountDownLatch advanced = new CountDownLatch(1);
    Thread controller = new Thread(() -> {
      try {
        holding.await(60, TimeUnit.SECONDS);
        clock.advance(Duration.ofMinutes(11));
        advanced.countDown();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    controller.start();
    List<User> raters = setup.raters();
    runAll(raters, rater -> {
      boolean slow = raters.indexOf(rater) % 4 == 0;
      workUntilNoTask(setup.campaignId(), rater, statuses, slow ? new Hold(2, holding, advanced) : null);
    });
    controller.join();

    assertCampaignComplete(setup.campaignId());
    // Every late submit either counted (the slot was still free) or got 409 (others completed the item).
    assertThat(statuses.keySet()).containsOnly("201", "409");
    assertThat(statuses.get("201").get()).isEqualTo(COMPARISONS * N);
  }

  @Test
  void leasesOfCrashedClientsAreRecoveredAfterExpiry() throws Exception {
    // Stands in for "a replica killed mid-run": a quarter of the clients take a task and vanish without
    // heartbeat, release or submit, leaving live leases behind. The others finish what they can; after
    // the lease duration the abandoned slots come back and the survivors complete every comparison.
    Setup setup = setup("crashed");
    Map<String, AtomicInteger> statuses = new ConcurrentHashMap<>();
    List<User> raters = setup.raters();
    List<User> crashed = raters.stream().filter(r -> raters.indexOf(r) % 4 == 0).toList();
    List<User> survivors = raters.stream().filter(r -> !crashed.contains(r)).toList();
    runAll(raters, rater -> {
      if (crashed.contains(rater)) {
        workUntilNoTask(setup.campaignId(), rater, statuses, new Hold(3, null, null));
      } else {
        workUntilNoTask(setup.campaignId(), rater, statuses, null);
      }
    });
    long abandoned = fixtures.count(
        "SELECT count(*) FROM assignment WHERE campaign_id = ? AND state = 'LEASED'", setup.campaignId());
    assertThat(abandoned).isEqualTo(crashed.size());
    assertThat(judgements(setup.campaignId())).isEqualTo(COMPARISONS * N - abandoned);

    clock.advance(Duration.ofMinutes(11));
    runAll(survivors, rater -> workUntilNoTask(setup.campaignId(), rater, statuses, null));

    assertCampaignComplete(setup.campaignId());
    // The abandoned assignments are kept (expired), so their raters can never get those comparisons again.
    assertThat(fixtures.count("SELECT count(*) FROM assignment a JOIN preference p ON p.comparison_id ="
        + " (SELECT comparison_id FROM campaign_item WHERE id = a.campaign_item_id) AND p.rater = a.rater"
        + " AND p.campaign_id = a.campaign_id WHERE a.campaign_id = ? AND a.state = 'LEASED'", setup.campaignId()))
        .isZero();
  }

  private record Setup(long campaignId, List<User> raters) {}

  private Setup setup(String tag) {
    User admin = fixtures.user(Roles.ADMIN, "admin-" + tag);
    List<Long> comparisons = fixtures.comparisons(COMPARISONS);
    long campaignId = fixtures.activeCampaign(admin, Map.of("ratingsRequired", N), comparisons);
    return new Setup(campaignId, fixtures.raters(RATERS, "conc-" + tag));
  }

  /** Makes a rater stop at its n-th task: hold it until released (latches) or abandon it (no latches). */
  private record Hold(int atTask, CountDownLatch holding, CountDownLatch advanced) {}

  private void workUntilNoTask(long campaignId, User rater, Map<String, AtomicInteger> statuses, Hold hold) {
    int tasks = 0;
    boolean held = false;
    while (true) {
      HttpResponse<String> next = post(rater, "/api/v1/campaigns/" + campaignId + "/tasks/next", "");
      if (next.statusCode() == 204) {
        return;
      }
      assertThat(next.statusCode()).as(next.body()).isEqualTo(201);
      long assignmentId = read(next.body()).get("assignmentId").asLong();
      tasks++;
      if (hold != null && !held && tasks == hold.atTask()) {
        held = true;
        if (hold.holding() == null) {
          return; // crash: never come back to this lease
        }
        hold.holding().countDown();
        try {
          hold.advanced().await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      String side = ThreadLocalRandom.current().nextBoolean() ? "LEFT" : "RIGHT";
      HttpResponse<String> submitted = post(rater, "/api/v1/assignments/" + assignmentId + "/judgement",
          "{\"choice\":\"" + side + "\",\"timeSpentMs\":20000}");
      assertThat(submitted.statusCode()).as(submitted.body()).isIn(201, 409);
      statuses.computeIfAbsent(String.valueOf(submitted.statusCode()), k -> new AtomicInteger()).incrementAndGet();
    }
  }

  private interface Work {
    void run(User rater) throws Exception;
  }

  private static void runAll(List<User> raters, Work work) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(raters.size());
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (User rater : raters) {
        futures.add(pool.submit(() -> {
          work.run(rater);
          return null;
        }));
      }
      for (Future<?> future : futures) {
        future.get(5, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private void assertCampaignComplete(long campaignId) {
    assertThat(judgements(campaignId)).isEqualTo(COMPARISONS * N);
    assertThat(fixtures.count("SELECT count(*) FROM (SELECT comparison_id, rater FROM preference WHERE campaign_id = ?"
        + " GROUP BY 1, 2 HAVING count(*) > 1) d", campaignId)).isZero();
    assertThat(fixtures.list("SELECT i.completed, (SELECT count(*) FROM preference p WHERE p.campaign_id = i.campaign_id"
            + " AND p.comparison_id = i.comparison_id) FROM campaign_item i WHERE i.campaign_id = ?",
        row -> List.of(row.getLong(1), row.getLong(2)), campaignId))
        .hasSize(COMPARISONS)
        .allSatisfy(counts -> assertThat(counts).containsExactly((long) N, (long) N));
    assertThat(fixtures.list("SELECT state FROM campaign WHERE id = ?", row -> row.getString(1), campaignId))
        .containsExactly("COMPLETED");
    assertThat(fixtures.count("SELECT count(*) FROM outbox_event WHERE event_type = 'campaign.completed'"
        + " AND (payload->'data'->>'campaignId')::bigint = ?", campaignId)).isEqualTo(1);
  }

  private long judgements(long campaignId) {
    return fixtures.count("SELECT count(*) FROM preference WHERE campaign_id = ?", campaignId);
  }

  private HttpResponse<String> post(User rater, String path, String body) {
    HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
        .header("Authorization", rater.bearer())
        .header("Content-Type", "application/json")
        .timeout(Duration.ofSeconds(60))
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private JsonNode read(String body) {
    try {
      return json.readTree(body);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
