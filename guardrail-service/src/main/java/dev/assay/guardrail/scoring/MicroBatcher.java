package dev.assay.guardrail.scoring;

import dev.assay.trainer.featurize.SentenceEncoder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToIntFunction;
import org.jboss.logging.Logger;

/**
 * Collects concurrent scoring requests for one model (a reward model's prompts and responses, a
 * classifier's texts) into batches scored by a few batching threads.
 *
 * <p>Each request is queued with a future. A free batching thread takes the first waiting request and
 * those queued behind it (all of them, or only its share: an equal split among the threads, see {@link
 * #share}), up to {@code maxItems} items (responses, texts), and scores them with one {@link
 * BatchScorer#scoreAll} call; each future is completed with its own result. It never waits for more
 * requests: a lone request is scored as soon as a thread takes it. With one thread per core (the
 * default, as many as a sentence encoder runs at once), a request that arrives while a forward pass runs
 * starts at once instead of waiting for it; once every thread is busy, the requests that arrive form the
 * next batches, so batches grow with the load and throughput rises towards that of the bare batched
 * forward.
 *
 * <p>The queue is bounded: when it is full, {@link #submit} throws a 503 with {@code Retry-After}
 * at once rather than let latency grow without bound. A request whose future is already done (its
 * caller timed out) is dropped unscored. A batch that fails is retried request by request, so one bad
 * request fails alone. {@link #close} stops taking new requests and lets the threads finish those
 * already queued: a model swap never fails a request in flight.
 */
public final class MicroBatcher<I, O> implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(MicroBatcher.class);

  /** A model's forward pass over many requests: one result per input, in order. */
  @FunctionalInterface
  public interface BatchScorer<I, O> {
    List<O> scoreAll(List<I> inputs);
  }

  private record Job<I, O>(I input, int items, CompletableFuture<O> result) {}

  private final BatchScorer<I, O> scorer;
  private final ToIntFunction<I> itemsOf;
  private final int maxItems;
  private final BlockingQueue<Job<I, O>> queue;
  private final boolean sharesWaiting;
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean closed;
  private volatile long closedAt;
  private final AtomicLong batches = new AtomicLong();
  private final AtomicLong scored = new AtomicLong();

  /**
   * Scoring threads: {@code settings.threads()}, or as many as a sentence encoder runs at once when that is 0.
   * {@code itemsOf} counts what an input adds to a batch, against {@code settings.maxItems()}. With
   * {@code sharesWaiting} a free thread takes only its share of the requests waiting (see {@link #share});
   * without, it takes all of them, up to {@code maxItems}.
   */
  public MicroBatcher(String name, BatchScorer<I, O> scorer, ToIntFunction<I> itemsOf,
      ScoringSettings.Batching settings, boolean sharesWaiting) {
    this.scorer = scorer;
    this.itemsOf = itemsOf;
    this.sharesWaiting = sharesWaiting;
    this.maxItems = Math.max(1, settings.maxItems());
    this.queue = new ArrayBlockingQueue<>(Math.max(1, settings.queueCapacity()));
    int count = settings.threads() > 0 ? settings.threads() : SentenceEncoder.CONCURRENCY;
    for (int i = 0; i < count; i++) {
      threads.add(Thread.ofPlatform().name("assay-batcher-" + name + "-" + i).daemon().start(this::run));
    }
  }

  /**
   * Queues a request.
   *
   * @return the input's result
   * @throws RetryLaterException 503 when the queue is full
   * @throws IllegalStateException when this batcher is closed (the caller retries on the new model)
   */
  public CompletableFuture<O> submit(I input) {
    if (closed) {
      throw new IllegalStateException("batcher closed");
    }
    Job<I, O> job = new Job<>(input, itemsOf.applyAsInt(input), new CompletableFuture<>());
    if (!queue.offer(job)) {
      throw new RetryLaterException(503, "Scoring Overloaded",
          "the scoring queue is full (" + queue.size() + " requests waiting); retry shortly", 1);
    }
    if (threads.stream().noneMatch(Thread::isAlive) && queue.remove(job)) {
      throw new IllegalStateException("batcher closed");
    }
    return job.result();
  }

  public boolean isClosed() {
    return closed;
  }

  /** Requests waiting for the batching thread. */
  public int queued() {
    return queue.size();
  }

  /** One batching thread: {@code carried} is a request that did not fit its batch and starts the next. */
  private void run() {
    List<Job<I, O>> batch = new ArrayList<>();
    Job<I, O> carried = null;
    while (true) {
      try {
        batch.clear();
        Job<I, O> first = carried != null ? carried : queue.poll(50, TimeUnit.MILLISECONDS);
        carried = null;
        if (first == null) {
          // A request that saw this batcher open just before close() still gets scored: the threads
          // linger for a second after the close before they end.
          if (closed && queue.isEmpty() && System.nanoTime() - closedAt > 1_000_000_000L) {
            return;
          }
          continue;
        }
        batch.add(first);
        carried = drain(batch, first.items(), sharesWaiting ? share() : Integer.MAX_VALUE);
        batch.removeIf(job -> job.result().isDone());
        score(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        batch.forEach(j -> j.result().completeExceptionally(e));
        return;
      } catch (RuntimeException | Error e) {
        LOG.error("Batching thread failure", e);
        batch.forEach(j -> j.result().completeExceptionally(e));
      }
    }
  }

  /**
   * How many requests a thread that just took one may score together: its share of those waiting. On
   * the two-core machine a batch of n texts costs a single-threaded MiniLM run at least n single
   * passes (32 texts of ~100 tokens: 57/s batched over both cores against 35/s per core one by one),
   * so a thread that batched everything waiting while the other thread was about to be free made the
   * batch's first requests wait for its last. Under heavy load the shares, and so the batches, still
   * grow with the queue.
   */
  private int share() {
    return Math.ceilDiv(queue.size() + 1, threads.size());
  }

  /**
   * Adds queued requests to {@code batch} up to {@code maxItems} items and {@code maxRequests}
   * requests; returns the one that did not fit, if any.
   */
  private Job<I, O> drain(List<Job<I, O>> batch, int items, int maxRequests) {
    while (items < maxItems && batch.size() < maxRequests) {
      Job<I, O> next = queue.poll();
      if (next == null || items + next.items() > maxItems) {
        return next;
      }
      batch.add(next);
      items += next.items();
    }
    return null;
  }

  /** Forward passes so far (each one batch). */
  public long batches() {
    return batches.get();
  }

  /** Requests scored so far; {@code requests() / batches()} is the mean batch size. */
  public long requests() {
    return scored.get();
  }

  private void score(List<Job<I, O>> batch) {
    if (batch.isEmpty()) {
      return;
    }
    batches.incrementAndGet();
    scored.addAndGet(batch.size());
    if (batch.size() == 1) {
      scoreAlone(batch.getFirst());
      return;
    }
    List<I> inputs = new ArrayList<>(batch.size());
    for (Job<I, O> job : batch) {
      inputs.add(job.input());
    }
    List<O> results;
    try {
      results = scorer.scoreAll(inputs);
    } catch (RuntimeException e) {
      LOG.warnf("A batch of %d requests failed (%s); scoring them one by one", batch.size(), e.getMessage());
      batch.forEach(this::scoreAlone);
      return;
    }
    for (int i = 0; i < batch.size(); i++) {
      batch.get(i).result().complete(results.get(i));
    }
  }

  private void scoreAlone(Job<I, O> job) {
    try {
      job.result().complete(scorer.scoreAll(List.of(job.input())).getFirst());
    } catch (RuntimeException e) {
      job.result().completeExceptionally(e);
    }
  }

  /** Takes no more requests; those queued are still scored. Returns at once. */
  @Override
  public void close() {
    closedAt = System.nanoTime();
    closed = true;
  }

  /** Waits until the queued requests are scored and the threads have ended. */
  public boolean awaitDrained(long millis) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    for (Thread thread : threads) {
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (left <= 0 || !thread.join(Duration.ofMillis(left))) {
        return threads.stream().noneMatch(Thread::isAlive);
      }
    }
    return true;
  }
}
