package dev.assay.labeling.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Labeling throughput as Prometheus counters: {@code assay.labeling.handouts} (tasks newly leased to a
 * rater) and {@code assay.labeling.judgements} (judgements stored), by campaign and whether the item was
 * gold; never by rater. Counted once the transaction that made them commits, so a rolled-back claim or
 * submit is not counted.
 */
@ApplicationScoped
public class LabelingMeters {
  private final MeterRegistry registry;
  private final TransactionSynchronizationRegistry transactions;
  private final ConcurrentMap<Key, Counter> handouts = new ConcurrentHashMap<>();
  private final ConcurrentMap<Key, Counter> judgements = new ConcurrentHashMap<>();

  public LabelingMeters(MeterRegistry registry, TransactionSynchronizationRegistry transactions) {
    this.registry = registry;
    this.transactions = transactions;
  }

  /** A task leased to a rater, in the current transaction. */
  public void handedOut(long campaignId, boolean gold) {
    countOnCommit(counter(handouts, "assay.labeling.handouts", "Tasks leased to raters", campaignId, gold));
  }

  /** A judgement stored, in the current transaction. */
  public void judged(long campaignId, boolean gold) {
    countOnCommit(counter(judgements, "assay.labeling.judgements", "Judgements stored", campaignId, gold));
  }

  private void countOnCommit(Counter counter) {
    transactions.registerInterposedSynchronization(new Synchronization() {
      @Override
      public void beforeCompletion() {}

      @Override
      public void afterCompletion(int status) {
        if (status == Status.STATUS_COMMITTED) {
          counter.increment();
        }
      }
    });
  }

  private Counter counter(ConcurrentMap<Key, Counter> counters, String name, String description, long campaignId,
      boolean gold) {
    Key key = new Key(campaignId, gold);
    Counter counter = counters.get(key);
    return counter != null ? counter : counters.computeIfAbsent(key, k -> Counter.builder(name)
        .description(description + ", by campaign and gold item")
        .tags("campaign", Long.toString(k.campaignId()), "gold", Boolean.toString(k.gold()))
        .register(registry));
  }

  private record Key(long campaignId, boolean gold) {}
}
