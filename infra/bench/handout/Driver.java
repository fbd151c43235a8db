import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hand-out load driver: simulated raters, each with its own API key, take a task and submit a judgement.
 *
 * <pre>
 * java Driver.java URL CAMPAIGN RATERS SECONDS closed         (no think time: pairs/s)
 * java Driver.java URL CAMPAIGN RATERS SECONDS open RATE      (RATE pairs/s offered; latency)
 * </pre>
 *
 * Rater i uses the key "assay_bk{i}_benchsecret{i}" made by seed.sql. Open loop: arrivals are Poisson
 * at RATE; an arrival waits for a free rater, and the claim's latency counts from the arrival (so a
 * stalled server is not hidden by the driver waiting, i.e. no coordinated omission). Prints one line
 * "RESULT key=value ..." for run.sh.
 */
public class Driver {
  static final Pattern ID = Pattern.compile("\"assignmentId\"\\s*:\\s*(\\d+)");

  public static void main(String[] args) throws Exception {
    String url = args[0];
    long campaign = Long.parseLong(args[1]);
    int raters = Integer.parseInt(args[2]);
    long seconds = Long.parseLong(args[3]);
    boolean open = args[4].equals("open");
    double rate = open ? Double.parseDouble(args[5]) : 0;

    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10)).executor(Executors.newVirtualThreadPerTaskExecutor()).build();
    Map<String, AtomicLong> statuses = new ConcurrentHashMap<>();
    AtomicLong pairs = new AtomicLong();
    Recorder claims = new Recorder();
    Recorder submits = new Recorder();
    long start = System.nanoTime();
    long end = start + TimeUnit.SECONDS.toNanos(seconds);
    LinkedBlockingQueue<Long> arrivals = new LinkedBlockingQueue<>();

    List<Thread> threads = new ArrayList<>();
    for (int r = 0; r < raters; r++) {
      String bearer = "Bearer assay_bk" + r + "_benchsecret" + r;
      threads.add(Thread.ofVirtual().start(() -> {
        try {
          while (System.nanoTime() < end) {
            long t0;
            if (open) {
              Long arrival = arrivals.poll(50, TimeUnit.MILLISECONDS);
              if (arrival == null) {
                continue;
              }
              t0 = arrival;
            } else {
              t0 = System.nanoTime();
            }
            HttpResponse<String> next = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/campaigns/"
                    + campaign + "/tasks/next")).header("Authorization", bearer)
                    .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
            long t1 = System.nanoTime();
            claims.add(t1 - t0);
            statuses.computeIfAbsent("next " + next.statusCode(), k -> new AtomicLong()).incrementAndGet();
            if (next.statusCode() != 200 && next.statusCode() != 201) {
              if (next.statusCode() == 204) {
                Thread.sleep(20); // nothing for this rater now
              }
              continue;
            }
            Matcher m = ID.matcher(next.body());
            if (!m.find()) {
              statuses.computeIfAbsent("next without id", k -> new AtomicLong()).incrementAndGet();
              continue;
            }
            // The rater prefers "good answer" (always response A): every rater agrees, and with random
            // sides shown left about half the time the quality checks see no position bias.
            String choice = next.body().contains("\"left\":\"good answer\"") ? "LEFT" : "RIGHT";
            long time = 5000 + ThreadLocalRandom.current().nextInt(20000);
            HttpResponse<String> submit = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/assignments/"
                    + m.group(1) + "/judgement")).header("Authorization", bearer)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"choice\":\"" + choice + "\",\"timeSpentMs\":" + time + "}"))
                    .timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
            submits.add(System.nanoTime() - t1);
            statuses.computeIfAbsent("judgement " + submit.statusCode(), k -> new AtomicLong()).incrementAndGet();
            if (submit.statusCode() == 201) {
              pairs.incrementAndGet();
            }
          }
        } catch (Exception e) {
          statuses.computeIfAbsent("error " + e.getClass().getSimpleName(), k -> new AtomicLong()).incrementAndGet();
        }
      }));
    }
    long offered = 0;
    if (open) {
      long next = start;
      while (next < end) {
        long wait = next - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
        arrivals.add(next);
        offered++;
        next += (long) (-Math.log(1 - ThreadLocalRandom.current().nextDouble()) / rate * 1e9);
      }
    }
    for (Thread t : threads) {
      t.join(TimeUnit.SECONDS.toMillis(seconds + 60));
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    Recorder all = new Recorder();
    all.addAll(claims);
    all.addAll(submits);
    System.out.printf("RESULT mode=%s raters=%d seconds=%.1f pairs=%d pairs_per_s=%.1f offered=%d"
            + " claim_p50_ms=%.2f claim_p99_ms=%.2f submit_p50_ms=%.2f submit_p99_ms=%.2f"
            + " all_p50_ms=%.2f all_p99_ms=%.2f all_max_ms=%.2f statuses=%s%n",
        open ? "open" : "closed", raters, elapsed, pairs.get(), pairs.get() / elapsed, offered,
        claims.pct(50), claims.pct(99), submits.pct(50), submits.pct(99), all.pct(50), all.pct(99), all.pct(100),
        new TreeMap<>(statuses).toString().replace(' ', '_'));
  }

  /** Latencies in nanoseconds; percentiles in milliseconds. */
  static final class Recorder {
    private long[] values = new long[1 << 16];
    private int size;

    synchronized void add(long nanos) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = nanos;
    }

    synchronized void addAll(Recorder other) {
      for (int i = 0; i < other.size; i++) {
        add(other.values[i]);
      }
    }

    synchronized double pct(double p) {
      if (size == 0) {
        return Double.NaN;
      }
      long[] sorted = Arrays.copyOf(values, size);
      Arrays.sort(sorted);
      int index = (int) Math.min(size - 1, Math.max(0, Math.ceil(p / 100 * size) - 1));
      return sorted[index] / 1e6;
    }
  }
}
