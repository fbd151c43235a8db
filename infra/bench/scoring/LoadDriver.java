import dev.assay.store.record.Message;
import dev.assay.trainer.featurize.FeaturizerOptions;
import dev.assay.trainer.model.RewardScorer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scoring benchmark driver (see README.md): the bare in-process forward of a model (single and
 * batched) and, against the running app, unloaded latency, saturation throughput with 32 clients and
 * open-loop latency at half the saturation rate. Every request carries a new response text, so no
 * embedding cache helps.
 *
 * <p>Requests go out on {@link HttpURLConnection}, blocking on the calling thread over kept-alive
 * connections. The driver shares the two cores with the app, and java.net.http's client passed every
 * request through its selector and executor threads: the hashed model's unloaded p99 read 3-5 ms with
 * it, 0.2-0.75 ms with this client. Run with the app's jars on the class path:
 *
 * <pre>java -cp 'app/target/quarkus-app/lib/main/*' infra/bench/scoring/LoadDriver.java \
 *     URL KEY MODEL_DIR LABEL UNLOADED_P99_TARGET_MS [skip-bare]</pre>
 */
public class LoadDriver {
  static final String[] WORDS = ("the a water egg boil minutes cool peel question answer help thanks please city"
      + " capital france paris river bridge history science energy light quickly carefully simple steps first then"
      + " finally because example model data train reward response prompt safe kind polite rude clear short long")
      .split(" ");
  static final AtomicLong COUNTER = new AtomicLong();
  static final String PROMPT = "How do I boil an egg so that it peels easily?";

  /** About {@code tokens} word-piece tokens of new text each call. */
  static String response(int tokens) {
    long n = COUNTER.incrementAndGet();
    Random random = new Random(n);
    StringBuilder text = new StringBuilder("Answer ").append(n).append(':');
    for (int i = 0; i < tokens - 3; i++) {
      text.append(' ').append(WORDS[random.nextInt(WORDS.length)]);
    }
    return text.append('.').toString();
  }

  public static void main(String[] args) throws Exception {
    String url = args[0];
    String key = args[1];
    Path modelDir = Path.of(args[2]);
    String label = args[3];
    double unloadedTarget = Double.parseDouble(args[4]);
    boolean skipBare = args.length > 5 && args[5].equals("skip-bare");
    int tokens = Integer.parseInt(System.getProperty("tokens", "100"));
    int seconds = Integer.parseInt(System.getProperty("seconds", "15"));
    System.out.printf("== %s: responses of ~%d tokens, %d s per load phase ==%n", label, tokens, seconds);

    double bareBatchedPerSecond = Double.NaN;
    if (!skipBare) {
      try (RewardScorer scorer = RewardScorer.load(modelDir, FeaturizerOptions.inMemory())) {
        List<Message> prompt = List.of(Message.user(PROMPT));
        for (int i = 0; i < 50; i++) {
          scorer.score(prompt, List.of(response(tokens)));
        }
        double[] single = new double[300];
        for (int i = 0; i < single.length; i++) {
          String text = response(tokens);
          long start = System.nanoTime();
          scorer.score(prompt, List.of(text));
          single[i] = (System.nanoTime() - start) / 1e6;
        }
        int batch = 32;
        int rounds = 20;
        long start = System.nanoTime();
        for (int r = 0; r < rounds; r++) {
          List<List<Message>> prompts = new ArrayList<>();
          List<List<String>> responses = new ArrayList<>();
          for (int i = 0; i < batch; i++) {
            prompts.add(prompt);
            responses.add(List.of(response(tokens)));
          }
          scorer.scoreAll(prompts, responses);
        }
        bareBatchedPerSecond = rounds * batch / ((System.nanoTime() - start) / 1e9);
        System.out.printf("bare forward, single:      p50 %7.2f ms  p99 %7.2f ms  (%.0f/s)%n", pct(single, 50),
            pct(single, 99), 1000 / mean(single));
        System.out.printf("bare forward, batch of %d: %.0f responses/s%n", batch, bareBatchedPerSecond);
      }
    }

    // Keep a connection per sending thread alive between requests (the JDK keeps 5 by default).
    System.setProperty("http.maxConnections", "128");
    URI scores = URI.create(url + "/api/v1/scores");
    // Warm up the server path and this client for 15 s (-Dwarmup=seconds), until both JVMs have compiled
    // it: with 100 or 2,000 requests the JIT compilers still ran during the measurement, and the hashed
    // model's p99 measured their warm-up (p90 3.3 ms after 2,000 requests, 0.56 ms after 15,000).
    long warmUntil = System.nanoTime() + Long.getLong("warmup", 15) * 1_000_000_000L;
    while (System.nanoTime() < warmUntil) {
      send(scores, key, tokens);
    }
    double[] unloaded = new double[1_000];
    for (int i = 0; i < unloaded.length; i++) {
      long start = System.nanoTime();
      int status = send(scores, key, tokens);
      unloaded[i] = (System.nanoTime() - start) / 1e6;
      if (status != 200) {
        throw new IllegalStateException("HTTP " + status);
      }
    }
    double unloadedP99 = pct(unloaded, 99);
    System.out.printf("unloaded (1 client):       p50 %7.2f ms  p99 %7.2f ms   target p99 < %.0f ms  %s"
            + "  (p90 %.2f, p95 %.2f, p98 %.2f, max %.2f ms)%n",
        pct(unloaded, 50), unloadedP99, unloadedTarget, unloadedP99 < unloadedTarget ? "OK" : "MISSED",
        pct(unloaded, 90), pct(unloaded, 95), pct(unloaded, 98), pct(unloaded, 100));
    // The floor under that figure on this machine: the same client, the same server, an endpoint that
    // does nothing (no auth, no body, no scoring).
    URI live = URI.create(url + "/q/health/live");
    long floorWarmUntil = System.nanoTime() + 5_000_000_000L;
    while (System.nanoTime() < floorWarmUntil) {
      exchange(live, null, null);
    }
    double[] floor = new double[1_000];
    for (int i = 0; i < floor.length; i++) {
      long start = System.nanoTime();
      exchange(live, null, null);
      floor[i] = (System.nanoTime() - start) / 1e6;
    }
    System.out.printf("  floor, GET /q/health/live: p50 %7.2f ms  p99 %7.2f ms   (p95 %.2f, max %.2f ms)%n",
        pct(floor, 50), pct(floor, 99), pct(floor, 95), pct(floor, 100));

    int clients = 32;
    AtomicInteger done = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    CountDownLatch finished = new CountDownLatch(clients);
    long started = System.nanoTime();
    for (int c = 0; c < clients; c++) {
      pool.submit(() -> {
        try {
          while (System.nanoTime() < end) {
            if (send(scores, key, tokens) == 200) {
              done.incrementAndGet();
            } else {
              failed.incrementAndGet();
            }
          }
        } catch (Exception e) {
          failed.incrementAndGet();
        } finally {
          finished.countDown();
        }
      });
    }
    finished.await();
    double saturation = done.get() / ((System.nanoTime() - started) / 1e9);
    System.out.printf("saturation (32 clients):   %.0f requests/s (%d failed)", saturation, failed.get());
    if (!Double.isNaN(bareBatchedPerSecond)) {
      double ratio = saturation / bareBatchedPerSecond;
      System.out.printf("   = %.2fx bare batched forward, target >= 0.75x  %s", ratio, ratio >= 0.75 ? "OK" : "MISSED");
    }
    System.out.println();

    double rate = saturation / 2;
    // At least 2,000 requests, so that the p99 rests on 20 of them (at 33 requests/s, 15 s gave 500 and
    // a p99 that swung between 2.7x and 6.5x of the unloaded one from run to run).
    double openSeconds = Math.max(seconds, 2_000 / rate);
    OpenLoop open = OpenLoop.run(rate, openSeconds, () -> send(scores, key, tokens));
    double openP99 = pct(open.latencies(), 99);
    System.out.printf("open loop at %.0f/s (half): p50 %7.2f ms  p99 %7.2f ms = %.1fx unloaded p99, target <= 3x  %s"
            + " (%d sent in %.0f s, %d failed)%n", rate, pct(open.latencies(), 50), openP99, openP99 / unloadedP99,
        openP99 <= 3 * unloadedP99 ? "OK" : "MISSED", open.sent(), openSeconds, open.failed());
    System.out.printf("  of which the driver's start lag: p50 %7.2f ms  p99 %7.2f ms  (max %.2f ms)%n",
        pct(open.startLags(), 50), pct(open.startLags(), 99), pct(open.startLags(), 100));
    // The same schedule against the endpoint that does nothing: what this machine, this driver and the
    // app's HTTP layer alone give at this rate, whatever the scoring does.
    OpenLoop floorOpen = OpenLoop.run(rate, openSeconds, () -> exchange(live, null, null));
    double floorOpenP99 = pct(floorOpen.latencies(), 99);
    System.out.printf("  floor at the same rate, GET /q/health/live: p50 %7.2f ms  p99 %7.2f ms = %.1fx its unloaded"
            + " p99 (start lag p99 %.2f ms)%n", pct(floorOpen.latencies(), 50), floorOpenP99,
        floorOpenP99 / pct(floor, 99), pct(floorOpen.startLags(), 99));
    pool.shutdownNow();
    System.exit(0);
  }

  static int send(URI scores, String key, int tokens) throws Exception {
    String body = "{\"prompt\":\"" + PROMPT + "\",\"responses\":[\"" + response(tokens) + "\"]}";
    return exchange(scores, key, body);
  }

  /**
   * POSTs the JSON body (GET without one) and reads the whole response, so the connection is reused.
   * The body is buffered (no streaming mode), so headers and body leave in one write: streamed, they went
   * in two and the unloaded p50 rose from 0.13 to 1.5 ms.
   */
  static int exchange(URI uri, String key, String json) throws Exception {
    return exchangeForBody(uri, key, json).status();
  }

  /** An HTTP answer: its status and body. */
  record Answer(int status, String body) {}

  /** As {@link #exchange}, keeping the body. */
  static Answer exchangeForBody(URI uri, String key, String json) throws Exception {
    HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
    connection.setConnectTimeout(5_000);
    connection.setReadTimeout(30_000);
    if (key != null) {
      connection.setRequestProperty("Authorization", "Bearer " + key);
    }
    if (json != null) {
      connection.setRequestMethod("POST");
      connection.setRequestProperty("Content-Type", "application/json");
      connection.setDoOutput(true);
      try (OutputStream out = connection.getOutputStream()) {
        out.write(json.getBytes(StandardCharsets.UTF_8));
      }
    }
    int status = connection.getResponseCode();
    try (InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
      return new Answer(status, in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  /** One request of an open loop; returns the HTTP status. */
  interface Request {
    int send() throws Exception;
  }

  /**
   * Open-loop latencies (ms, from each request's scheduled start, successful requests only) and the
   * senders' start lags (ms).
   */
  record OpenLoop(double[] latencies, double[] startLags, int sent, int failed) {
    /**
     * Each of 64 senders follows its own Poisson schedule at rate / 64 (together a Poisson stream at
     * rate) and sends from its own thread, so no request waits for a hand-off between threads. A request
     * is timed from its scheduled start, so a sender still busy with the previous one makes it late, and
     * that wait counts.
     */
    static OpenLoop run(double rate, double seconds, Request request) throws InterruptedException {
      ConcurrentLinkedQueue<Double> latencies = new ConcurrentLinkedQueue<>();
      ConcurrentLinkedQueue<Double> startLags = new ConcurrentLinkedQueue<>();
      AtomicInteger failed = new AtomicInteger();
      AtomicInteger sent = new AtomicInteger();
      int senderCount = 64;
      double senderRate = rate / senderCount;
      // Independent seeds: Randoms seeded 7, 8, 9, ... draw nearly the same first gap, and their senders
      // fired together (a burst of 64 that alone made the MiniLM p99 over a second).
      Random seeds = new Random(7);
      long t0 = System.nanoTime();
      long stop = t0 + (long) (seconds * 1e9);
      CountDownLatch sendersDone = new CountDownLatch(senderCount);
      for (int t = 0; t < senderCount; t++) {
        Random arrivals = new Random(seeds.nextLong());
        Thread.ofPlatform().start(() -> {
          try {
            for (long scheduled = t0 + gap(arrivals, senderRate); scheduled < stop;
                scheduled += gap(arrivals, senderRate)) {
              long wait = scheduled - System.nanoTime();
              if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
              }
              startLags.add((System.nanoTime() - scheduled) / 1e6);
              sent.incrementAndGet();
              try {
                if (request.send() == 200) {
                  latencies.add((System.nanoTime() - scheduled) / 1e6);
                } else {
                  failed.incrementAndGet();
                }
              } catch (Exception e) {
                failed.incrementAndGet();
              }
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } finally {
            sendersDone.countDown();
          }
        });
      }
      sendersDone.await();
      return new OpenLoop(latencies.stream().mapToDouble(Double::doubleValue).toArray(),
          startLags.stream().mapToDouble(Double::doubleValue).toArray(), sent.get(), failed.get());
    }
  }

  /** Nanoseconds to the next arrival of a Poisson stream of {@code perSecond}. */
  static long gap(Random random, double perSecond) {
    return (long) (-Math.log(1 - random.nextDouble()) / perSecond * 1e9);
  }

  static double pct(double[] values, double p) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100 * sorted.length) - 1)];
  }

  static double mean(double[] values) {
    return Arrays.stream(values).average().orElse(Double.NaN);
  }
}
