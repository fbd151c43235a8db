package dev.assay.guardrail.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.guardrail.scoring.ProductionModels.RewardRequest;
import dev.assay.store.record.Message;
import dev.assay.trainer.TestData;
import dev.assay.trainer.featurize.FeaturizerOptions;
import dev.assay.trainer.model.Reward;
import dev.assay.trainer.model.RewardScorer;
import dev.assay.trainer.training.TrainingConfig;
import dev.assay.trainer.training.TrainingJob;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The micro-batcher on a real reward model trained on the polite-vs-rude fixture. */
class MicroBatcherTest {
  @TempDir static Path dir;
  static RewardScorer scorer;

  @BeforeAll
  static void train() throws Exception {
    Path model = TrainingJob.builder()
        .setConfig(TrainingConfig.builder().optFeaturizer("hashed").optEpochs(6).optBatchSize(8).build())
        .setTrainingData(TestData.fixture())
        .setOutputDirectory(dir.resolve("model"))
        .build()
        .run()
        .modelDirectory();
    scorer = RewardScorer.load(model, FeaturizerOptions.inMemory());
  }

  @AfterAll
  static void close() {
    scorer.close();
  }

  static ScoringSettings.Batching settings(int maxItems, int capacity, int threads) {
    return new ScoringSettings.Batching() {
      public boolean enabled() {
        return true;
      }

      public int threads() {
        return threads;
      }

      public int maxItems() {
        return maxItems;
      }

      public int queueCapacity() {
        return capacity;
      }

      public Duration timeout() {
        return Duration.ofSeconds(10);
      }
    };
  }

  static List<Message> prompt(int i) {
    return List.of(Message.user("Question number " + i + ": how do I boil an egg?"));
  }

  static List<String> responses(int i) {
    return List.of("Sure! Boil it for " + i + " minutes, then cool it in cold water.",
        "Whatever, figure it out yourself " + i + ".");
  }

  @Test
  void concurrentRequestsAreBatchedAndEachGetsExactlyItsOwnScores() throws Exception {
    try (var batcher = ProductionModels.rewardBatcher("test", scorer, settings(64, 1000, 2))) {
      ExecutorService clients = Executors.newFixedThreadPool(16);
      List<Future<List<Reward>>> results = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        int n = i;
        results.add(clients.submit(
            () -> batcher.submit(new RewardRequest(prompt(n), responses(n))).get(10, TimeUnit.SECONDS)));
      }
      for (int i = 0; i < 400; i++) {
        List<Reward> expected = scorer.score(prompt(i), responses(i));
        List<Reward> actual = results.get(i).get();
        assertThat(actual).hasSize(2);
        for (int j = 0; j < 2; j++) {
          assertThat(actual.get(j).raw()).isCloseTo(expected.get(j).raw(), org.assertj.core.data.Offset.offset(1e-5));
        }
        assertThat(actual.get(0).raw()).isGreaterThan(actual.get(1).raw());
      }
      clients.shutdown();
      assertThat(batcher.requests()).isEqualTo(400);
      assertThat(batcher.batches()).as("16 concurrent clients must share forward passes").isLessThan(400);
      System.out.printf("400 requests in %d batches (mean %.1f requests per batch)%n", batcher.batches(),
          400.0 / batcher.batches());
    }
  }

  @Test
  void requestsArrivingDuringAForwardPassFormTheNextBatchAndALoneRequestIsScoredAtOnce() throws Exception {
    try (var batcher = ProductionModels.rewardBatcher("natural", scorer, settings(64, 1000, 1))) {
      // A lone request: scored by itself as soon as the thread takes it, in about the time of the bare forward.
      List<Reward> lone = batcher.submit(new RewardRequest(prompt(0), responses(0))).get(10, TimeUnit.SECONDS);
      assertThat(lone).hasSize(2);
      assertThat(batcher.batches()).isEqualTo(1);

      // A long request keeps the thread busy; the ten sent meanwhile are scored together right after it.
      CompletableFuture<List<Reward>> busy = batcher.submit(new RewardRequest(prompt(1), many(500)));
      List<CompletableFuture<List<Reward>>> queued = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        queued.add(batcher.submit(new RewardRequest(prompt(i), responses(i))));
      }
      assertThat(busy.get(30, TimeUnit.SECONDS)).hasSize(500);
      for (CompletableFuture<List<Reward>> result : queued) {
        assertThat(result.get(10, TimeUnit.SECONDS)).hasSize(2);
      }
      assertThat(batcher.batches()).isEqualTo(3);
      assertThat(batcher.requests()).isEqualTo(12);

      // Right after that batch of ten, lone requests still do not wait for company.
      long[] nanos = new long[21];
      for (int i = 0; i < nanos.length; i++) {
        long start = System.nanoTime();
        batcher.submit(new RewardRequest(prompt(i), responses(i))).get(10, TimeUnit.SECONDS);
        nanos[i] = System.nanoTime() - start;
      }
      long[] bare = new long[21];
      for (int i = 0; i < bare.length; i++) {
        long start = System.nanoTime();
        scorer.score(prompt(i), responses(i));
        bare[i] = System.nanoTime() - start;
      }
      assertThat(batcher.batches()).isEqualTo(3 + nanos.length);
      java.util.Arrays.sort(nanos);
      java.util.Arrays.sort(bare);
      assertThat(nanos[10] / 1e6).as("median lone request vs bare forward %.2f ms", bare[10] / 1e6)
          .isLessThan(bare[10] / 1e6 + 2.0);
    }
  }

  @Test
  void withASecondThreadARequestDoesNotWaitBehindALongForwardPass() throws Exception {
    try (var batcher = ProductionModels.rewardBatcher("two", scorer, settings(64, 1000, 2))) {
      CompletableFuture<List<Reward>> busy = batcher.submit(new RewardRequest(prompt(1), many(3_000)));

      List<Reward> lone = batcher.submit(new RewardRequest(prompt(0), responses(0))).get(10, TimeUnit.SECONDS);

      assertThat(lone).hasSize(2);
      assertThat(busy).as("the long pass is still running while the lone request was answered").isNotDone();
      assertThat(busy.get(60, TimeUnit.SECONDS)).hasSize(3_000);
      assertThat(batcher.batches()).isEqualTo(2);
    }
  }

  @Test
  void requestsWaitingWhileEveryThreadIsBusyAreSharedOutNotAllBatchedByTheFirstFreeThread() throws Exception {
    try (var batcher = ProductionModels.rewardBatcher("share", scorer, settings(64, 1000, 2))) {
      assertThat(batchesForTwoLongRequestsAndTwoShortOnes(batcher))
          .as("each thread took one long request; the two short ones behind them went one per batch")
          .isEqualTo(4);
    }
  }

  @Test
  void withoutSharingAFreeThreadTakesEveryRequestWaiting() throws Exception {
    try (var batcher = new MicroBatcher<RewardRequest, List<Reward>>("all",
        requests -> requests.stream().map(r -> scorer.score(r.prompt(), r.responses())).toList(),
        request -> request.responses().size(), settings(64, 1000, 2), false)) {
      assertThat(batchesForTwoLongRequestsAndTwoShortOnes(batcher))
          .as("each thread took one long request; the first free one took both short ones")
          .isEqualTo(3);
    }
  }

  /** Two long requests, one per thread, and two short ones queued behind them: the batches they made. */
  private static long batchesForTwoLongRequestsAndTwoShortOnes(MicroBatcher<RewardRequest, List<Reward>> batcher)
      throws Exception {
    List<CompletableFuture<List<Reward>>> results = List.of(
        batcher.submit(new RewardRequest(prompt(1), many(3_000))),
        batcher.submit(new RewardRequest(prompt(2), many(3_000))),
        batcher.submit(new RewardRequest(prompt(3), responses(3))),
        batcher.submit(new RewardRequest(prompt(4), responses(4))));
    for (CompletableFuture<List<Reward>> result : results) {
      assertThat(result.get(60, TimeUnit.SECONDS)).isNotEmpty();
    }
    return batcher.batches();
  }

  static List<String> many(int n) {
    List<String> many = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      many.add("response " + i + " with a few words to featurize");
    }
    return many;
  }

  @Test
  void aFullQueueRefusesWithRetryAfterInsteadOfWaitingForever() {
    // A huge request keeps the batching thread busy while the one-slot queue fills.
    try (var batcher = ProductionModels.rewardBatcher("full", scorer, settings(64, 1, 1))) {
      batcher.submit(new RewardRequest(prompt(0), many(20_000)));
      assertThatThrownBy(() -> {
        for (int i = 0; i < 50; i++) {
          batcher.submit(new RewardRequest(prompt(i), responses(i)));
        }
      }).isInstanceOfSatisfying(RetryLaterException.class, e -> {
        assertThat(e.status()).isEqualTo(503);
        assertThat(e.retryAfterSeconds()).isEqualTo(1);
      });
    }
  }

  @Test
  void closingStopsNewRequestsButFinishesThoseQueued() throws Exception {
    var batcher = ProductionModels.rewardBatcher("closing", scorer, settings(4, 1000, 2));
    List<CompletableFuture<List<Reward>>> queued = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      queued.add(batcher.submit(new RewardRequest(prompt(i), responses(i))));
    }
    batcher.close();
    assertThatThrownBy(() -> batcher.submit(new RewardRequest(prompt(0), responses(0))))
        .isInstanceOf(IllegalStateException.class);
    for (CompletableFuture<List<Reward>> result : queued) {
      assertThat(result.get(10, TimeUnit.SECONDS)).hasSize(2);
    }
    assertThat(batcher.awaitDrained(5_000)).isTrue();
  }
}
