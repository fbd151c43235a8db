import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
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
 *
 * <p>The first {@code -Dwarmup=3} seconds run the same load unrecorded: a fresh driver JVM opens its
 * sockets and compiles its own code then, and at 500 pairs/s a third of the slow requests of a 20 s
 * run fell into its first second.
 *
 * <p>Each rater keeps one HTTP/1.1 keep-alive connection and speaks the protocol over a plain socket:
 * the driver shares the two cores with the app and PostgreSQL, and java.net.http's client took about
 * a quarter of the machine's CPU at 64 raters (10.5 s of 43 s over a 20 s run).
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

    URI server = URI.create(url);
    Map<String, AtomicLong> statuses = new ConcurrentHashMap<>();
    AtomicLong pairs = new AtomicLong();
    Recorder claims = new Recorder();
    Recorder submits = new Recorder();
    long start = System.nanoTime();
    long measured = start + TimeUnit.SECONDS.toNanos(Long.getLong("warmup", 3));
    long end = measured + TimeUnit.SECONDS.toNanos(seconds);
    LinkedBlockingQueue<Long> arrivals = new LinkedBlockingQueue<>();

    List<Thread> threads = new ArrayList<>();
    for (int r = 0; r < raters; r++) {
      String bearer = "Bearer assay_bk" + r + "_benchsecret" + r;
      threads.add(Thread.ofVirtual().start(() -> {
        try (HttpConnection http = new HttpConnection(server.getHost(), server.getPort())) {
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
            boolean recorded = t0 >= measured;
            Response next = http.post("/api/v1/campaigns/" + campaign + "/tasks/next", bearer, null);
            long t1 = System.nanoTime();
            // Warm-up requests follow the same flow (raters stay consistent for the quality checks).
            if (recorded) {
              claims.add(t1 - t0);
              count(statuses, "next " + next.status());
            }
            if (next.status() != 200 && next.status() != 201) {
              if (next.status() == 204) {
                Thread.sleep(20); // nothing for this rater now
              }
              continue;
            }
            Matcher m = ID.matcher(next.body());
            if (!m.find()) {
              if (recorded) {
                count(statuses, "next without id");
              }
              continue;
            }
            // The rater prefers "good answer" (always response A): every rater agrees, and with random
            // sides shown left about half the time the quality checks see no position bias.
            String choice = next.body().contains("\"left\":\"good answer\"") ? "LEFT" : "RIGHT";
            long time = 5000 + ThreadLocalRandom.current().nextInt(20000);
            Response submit = http.post("/api/v1/assignments/" + m.group(1) + "/judgement", bearer,
                "{\"choice\":\"" + choice + "\",\"timeSpentMs\":" + time + "}");
            if (recorded) {
              submits.add(System.nanoTime() - t1);
              count(statuses, "judgement " + submit.status());
              if (submit.status() == 201) {
                pairs.incrementAndGet();
              }
            }
          }
        } catch (Exception e) {
          count(statuses, "error " + e.getClass().getSimpleName());
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
        if (next >= measured) {
          offered++;
        }
        next += (long) (-Math.log(1 - ThreadLocalRandom.current().nextDouble()) / rate * 1e9);
      }
    }
    for (Thread t : threads) {
      t.join(TimeUnit.SECONDS.toMillis(seconds + 60));
    }
    double elapsed = (System.nanoTime() - measured) / 1e9;
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

  static void count(Map<String, AtomicLong> statuses, String outcome) {
    statuses.computeIfAbsent(outcome, k -> new AtomicLong()).incrementAndGet();
  }

  record Response(int status, String body) {}

  /** One keep-alive HTTP/1.1 connection; reconnects when the server closes it. */
  static final class HttpConnection implements AutoCloseable {
    private final String host;
    private final int port;
    private Socket socket;
    private OutputStream out;
    private InputStream in;

    HttpConnection(String host, int port) {
      this.host = host;
      this.port = port;
    }

    Response post(String path, String bearer, String json) throws IOException {
      if (socket == null) {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(30_000);
        socket.connect(new InetSocketAddress(host, port), 10_000);
        out = new BufferedOutputStream(socket.getOutputStream(), 1024);
        in = new BufferedInputStream(socket.getInputStream(), 8192);
      }
      byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
      String head = "POST " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nAuthorization: " + bearer
          + (json == null ? "" : "\r\nContent-Type: application/json") + "\r\nContent-Length: " + body.length
          + "\r\n\r\n";
      out.write(head.getBytes(StandardCharsets.ISO_8859_1));
      out.write(body);
      out.flush();
      String status = line();
      int length = -1;
      boolean chunked = false;
      boolean close = false;
      for (String header = line(); !header.isEmpty(); header = line()) {
        String lower = header.toLowerCase();
        if (lower.startsWith("content-length:")) {
          length = Integer.parseInt(lower.substring(15).trim());
        } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
          chunked = true;
        } else if (lower.startsWith("connection:") && lower.contains("close")) {
          close = true;
        }
      }
      byte[] content;
      if (chunked) {
        ByteArrayOutputStream chunks = new ByteArrayOutputStream();
        for (int size = Integer.parseInt(line().split(";")[0].trim(), 16); size > 0;
            size = Integer.parseInt(line().split(";")[0].trim(), 16)) {
          chunks.write(in.readNBytes(size));
          line();
        }
        while (!line().isEmpty()) {
          // skips the trailers
        }
        content = chunks.toByteArray();
      } else {
        content = in.readNBytes(Math.max(length, 0));
      }
      if (close) {
        close();
      }
      return new Response(Integer.parseInt(status.substring(9, 12)), new String(content, StandardCharsets.UTF_8));
    }

    private String line() throws IOException {
      StringBuilder line = new StringBuilder(64);
      for (int c = in.read(); c != '\n'; c = in.read()) {
        if (c < 0) {
          throw new EOFException("connection closed mid-response");
        }
        if (c != '\r') {
          line.append((char) c);
        }
      }
      return line.toString();
    }

    @Override
    public void close() throws IOException {
      if (socket != null) {
        socket.close();
        socket = null;
      }
    }
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
