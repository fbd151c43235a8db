import dev.assay.store.record.Message;
import dev.assay.trainer.featurize.FeaturizerOptions;
import dev.assay.trainer.model.ClassifierScorer;
import dev.assay.trainer.model.RewardScorer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Guardrail benchmark driver (see run.sh). For each policy given, with the model directories its
 * classifier checks serve: the bare in-process forwards of the three models (prompt-attack classifier on
 * the prompt, harmful-compliance judge and reward model on the response) one request at a time and in
 * batches of 32; then, against the running app, unloaded latency of {@code POST /api/v1/guardrail/check}
 * (one client, kept-alive connection) and saturation with 32 closed-loop clients, as decisions/s next to
 * the bare batched forwards. Every request carries a new prompt and a new response (a quarter of them
 * with an e-mail address to redact). Compiled with the scoring benchmark's {@code LoadDriver}, whose
 * HTTP client and percentiles it uses:
 *
 * <pre>java -cp CLASSES:'app/target/quarkus-app/lib/main/*' [-Dapp-pid=PID -Ddb=DATABASE] CheckDriver URL KEY \
 *     REWARD_DIR (LABEL POLICY ATTACK_DIR JUDGE_DIR UNLOADED_P99_TARGET_MS)...</pre>
 *
 * <p>With the app's process id and its database's name, each saturation phase also prints the CPU time
 * (user + system) one decision took in the app's JVM, in the PostgreSQL backends serving that database
 * and in this client, read from {@code /proc} over the phase's last two thirds; the bare batched forwards
 * print theirs per request. Unlike the rates, these move little with the load of a shared host: they say
 * where a decision's cost goes. PostgreSQL's shared background processes (WAL writer, checkpointer) are
 * left out.
 */
public class CheckDriver {
  static final String[] WORDS = ("the a water egg boil minutes cool peel question answer help thanks please city"
      + " capital france paris river bridge history science energy light quickly carefully simple steps first")
      .split(" ");
  static final AtomicLong COUNTER = new AtomicLong();
  static final int CLIENTS = 32;

  /** One request's texts: a new prompt and a new 40-word response. */
  record Texts(String prompt, String response) {
    static Texts next() {
      long n = COUNTER.incrementAndGet();
      Random random = new Random(n);
      StringBuilder response = new StringBuilder("Answer ").append(n).append(':');
      for (int w = 0; w < 40; w++) {
        response.append(' ').append(WORDS[random.nextInt(WORDS.length)]);
      }
      if (n % 4 == 0) {
        response.append(" Write to someone").append(n).append("@example.org for more.");
      }
      return new Texts("Question " + n + ": how do I boil an egg so that it peels easily?", response.toString());
    }

    String body(String policy) {
      return "{\"prompt\":\"" + prompt + "\",\"response\":\"" + response + "\",\"policy\":\"" + policy + "\"}";
    }
  }

  public static void main(String[] args) throws Exception {
    URI check = URI.create(args[0] + "/api/v1/guardrail/check");
    String key = args[1];
    Path rewardDir = Path.of(args[2]);
    int seconds = Integer.getInteger("seconds", 15);
    System.setProperty("http.maxConnections", "128");
    String rulesPolicy = System.getProperty("rules-policy");
    if (rulesPolicy != null) {
      // The floor under the layered figures: the same endpoint, texts and audit commit, no model checks.
      System.out.printf("== rules and PII only (policy %s): the endpoint without model checks ==%n", rulesPolicy);
      unloaded(check, key, rulesPolicy, Double.NaN);
      Phase floor = measured(check, key, rulesPolicy, seconds);
      System.out.printf("saturation (%d clients):       %.0f decisions/s%n", CLIENTS, floor.rate());
      floor.printCpu(Double.NaN);
    }
    for (int p = 3; p + 4 < args.length; p += 5) {
      String label = args[p];
      String policy = args[p + 1];
      double unloadedTarget = Double.parseDouble(args[p + 4]);
      System.out.printf("== %s (policy %s), %d s per load phase ==%n", label, policy, seconds);
      Bare bare = bareForwards(Path.of(args[p + 2]), Path.of(args[p + 3]), rewardDir);
      unloaded(check, key, policy, unloadedTarget);
      Phase saturation = measured(check, key, policy, seconds);
      double ratio = saturation.rate() / bare.batchedRate();
      System.out.printf("saturation (%d clients):       %.0f decisions/s = %.2fx bare batched forwards, target"
          + " >= 0.75x  %s%n", CLIENTS, saturation.rate(), ratio, ratio >= 0.75 ? "OK" : "MISSED");
      saturation.printCpu(bare.batchedCpuMs());
    }
    System.exit(0);
  }

  /** Warm-up, then 1,000 sequential checks: prints p50/p99 against the target (none when NaN). */
  static void unloaded(URI check, String key, String policy, double target) throws Exception {
    long warmUntil = System.nanoTime() + Long.getLong("warmup", 15) * 1_000_000_000L;
    while (System.nanoTime() < warmUntil) {
      send(check, key, policy);
    }
    double[] unloaded = new double[1_000];
    int[] decisions = new int[3];
    for (int i = 0; i < unloaded.length; i++) {
      long start = System.nanoTime();
      String decision = send(check, key, policy);
      unloaded[i] = (System.nanoTime() - start) / 1e6;
      decisions[decision.equals("block") ? 0 : decision.equals("redact") ? 1 : 2]++;
    }
    double p99 = LoadDriver.pct(unloaded, 99);
    String verdict = Double.isNaN(target) ? "" : String.format("  target p99 < %.0f ms  %s", target,
        p99 < target ? "OK" : "MISSED");
    System.out.printf("unloaded (1 client):           p50 %7.2f ms  p99 %7.2f ms%s  (max %.2f ms; block %d, redact"
            + " %d, other %d)%n", LoadDriver.pct(unloaded, 50), p99, verdict, LoadDriver.pct(unloaded, 100),
        decisions[0], decisions[1], decisions[2]);
  }

  /** The bare batched forwards: requests/s, and CPU milliseconds per request (this process's, all threads). */
  record Bare(double batchedRate, double batchedCpuMs) {}

  /** Prints the bare forwards' per-request latency, batched rate and batched CPU per request. */
  static Bare bareForwards(Path attackDir, Path judgeDir, Path rewardDir) throws Exception {
    FeaturizerOptions options = FeaturizerOptions.inMemory();
    try (ClassifierScorer attack = ClassifierScorer.load(attackDir, options);
        ClassifierScorer judge = ClassifierScorer.load(judgeDir, options);
        RewardScorer reward = RewardScorer.load(rewardDir, options)) {
      for (int i = 0; i < 50; i++) {
        forward(attack, judge, reward, List.of(Texts.next()));
      }
      double[] single = new double[300];
      for (int i = 0; i < single.length; i++) {
        List<Texts> request = List.of(Texts.next());
        long start = System.nanoTime();
        forward(attack, judge, reward, request);
        single[i] = (System.nanoTime() - start) / 1e6;
      }
      int rounds = 100;
      List<List<Texts>> batches = new ArrayList<>();
      for (int r = 0; r < rounds; r++) {
        List<Texts> batch = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
          batch.add(Texts.next());
        }
        batches.add(batch);
      }
      long cpuStart = processCpuNanos();
      long start = System.nanoTime();
      for (List<Texts> batch : batches) {
        forward(attack, judge, reward, batch);
      }
      double batched = rounds * CLIENTS / ((System.nanoTime() - start) / 1e9);
      double cpuMs = (processCpuNanos() - cpuStart) / 1e6 / (rounds * CLIENTS);
      System.out.printf("bare forwards, per request:    p50 %7.2f ms  p99 %7.2f ms  (%.0f/s)%n",
          LoadDriver.pct(single, 50), LoadDriver.pct(single, 99), 1000 / LoadDriver.mean(single));
      System.out.printf("bare forwards, batches of %d:  %.0f requests/s, %.3f ms CPU per request%n", CLIENTS,
          batched, cpuMs);
      return new Bare(batched, cpuMs);
    }
  }

  /** The three models' forwards for a batch of requests, each model's texts in one call. */
  static void forward(ClassifierScorer attack, ClassifierScorer judge, RewardScorer reward, List<Texts> requests) {
    List<String> prompts = requests.stream().map(Texts::prompt).toList();
    List<String> responses = requests.stream().map(Texts::response).toList();
    attack.probabilities(prompts);
    judge.probabilities(responses);
    reward.scoreAll(prompts.stream().map(prompt -> List.of(Message.user(prompt))).toList(),
        responses.stream().map(List::of).toList());
  }

  /** Closed-loop decisions/s of 32 clients. */
  static double saturation(URI check, String key, String policy, int seconds) throws InterruptedException {
    return closedLoop(check, key, policy, seconds, new AtomicInteger()).rate();
  }

  /**
   * A saturation phase, with the CPU time of its last two thirds per decision made in them when the app's
   * process id and database are given: the first third lets the app's compiler catch up with the load.
   */
  static Phase measured(URI check, String key, String policy, int seconds) throws Exception {
    AtomicInteger done = new AtomicInteger();
    Phase[] phase = new Phase[1];
    Thread load = Thread.ofPlatform().start(() -> {
      try {
        phase[0] = closedLoop(check, key, policy, seconds, done);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    Thread.sleep(seconds * 1000L / 3);
    Cpu before = Cpu.now();
    int doneBefore = done.get();
    load.join();
    return new Phase(phase[0].decisions(), phase[0].seconds(), before == null ? null : Cpu.now().minus(before),
        done.get() - doneBefore);
  }

  /**
   * What a load phase did: decisions and seconds, and the CPU time spent while {@code cpuDecisions} of them
   * were made (null when not measured).
   */
  record Phase(int decisions, double seconds, Cpu cpu, int cpuDecisions) {
    double rate() {
      return decisions / seconds;
    }

    /** Prints the CPU milliseconds per decision, next to the bare forwards' per request (unless NaN). */
    void printCpu(double bareCpuMs) {
      if (cpu == null) {
        return;
      }
      double app = cpu.appMs() / cpuDecisions;
      double database = cpu.databaseMs() / cpuDecisions;
      double client = cpu.clientMs() / cpuDecisions;
      System.out.printf("CPU per decision:              app %.3f ms + PostgreSQL %.3f ms = %.3f ms; client %.3f ms%s%n",
          app, database, app + database, client, Double.isNaN(bareCpuMs) ? ""
              : String.format("; bare batched forwards %.3f ms per request (%.2fx of app + PostgreSQL)", bareCpuMs,
                  bareCpuMs / (app + database)));
    }
  }

  /**
   * CPU milliseconds (user + system) so far of the app's JVM ({@code -Dapp-pid}), of the PostgreSQL backends
   * connected to its database ({@code -Ddb}, found by their process titles) and of this client.
   */
  record Cpu(double appMs, double databaseMs, double clientMs) {
    static final double MS_PER_TICK = 10; // USER_HZ is 100 on Linux

    /** Now; null when the app's process id or database is not given. */
    static Cpu now() throws IOException {
      String pid = System.getProperty("app-pid");
      String database = System.getProperty("db");
      if (pid == null || database == null) {
        return null;
      }
      double backends = 0;
      try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
        for (Path process : processes.filter(p -> p.getFileName().toString().matches("[0-9]+")).toList()) {
          try {
            String title = Files.readString(process.resolve("cmdline")).replace('\0', ' ');
            if (title.startsWith("postgres: ") && title.contains(" " + database + " ")) {
              backends += ticks(process);
            }
          } catch (IOException gone) {
            // a process that ended between the listing and the read
          }
        }
      }
      return new Cpu(ticks(Path.of("/proc", pid)) * MS_PER_TICK, backends * MS_PER_TICK, processCpuNanos() / 1e6);
    }

    Cpu minus(Cpu earlier) {
      return new Cpu(appMs - earlier.appMs, databaseMs - earlier.databaseMs, clientMs - earlier.clientMs);
    }

    /** utime + stime of a process, in clock ticks (fields 14 and 15 of its stat, after the name). */
    private static long ticks(Path process) throws IOException {
      String stat = Files.readString(process.resolve("stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
  }

  static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** 32 closed-loop clients for the given seconds, counting their decisions in {@code done}. */
  static Phase closedLoop(URI check, String key, String policy, int seconds, AtomicInteger done)
      throws InterruptedException {
    AtomicInteger failed = new AtomicInteger();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    CountDownLatch finished = new CountDownLatch(CLIENTS);
    long started = System.nanoTime();
    for (int c = 0; c < CLIENTS; c++) {
      Thread.ofPlatform().start(() -> {
        try {
          while (System.nanoTime() < end) {
            send(check, key, policy);
            done.incrementAndGet();
          }
        } catch (Exception e) {
          failed.incrementAndGet();
        } finally {
          finished.countDown();
        }
      });
    }
    finished.await();
    if (failed.get() > 0) {
      System.out.printf("  %d clients stopped on an error%n", failed.get());
    }
    return new Phase(done.get(), (System.nanoTime() - started) / 1e9, null, 0);
  }

  /** One check with new texts; returns its decision. */
  static String send(URI check, String key, String policy) throws Exception {
    LoadDriver.Answer answer = LoadDriver.exchangeForBody(check, key, Texts.next().body(policy));
    if (answer.status() != 200) {
      throw new IllegalStateException("HTTP " + answer.status() + ": " + answer.body());
    }
    int at = answer.body().indexOf("\"decision\":\"");
    return at < 0 ? "" : answer.body().substring(at + 12, answer.body().indexOf('"', at + 12));
  }
}
