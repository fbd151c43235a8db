package dev.assay.guardrail.rollout;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.guardrail.decision.Decision;
import dev.assay.guardrail.decision.DecisionMade;
import dev.assay.guardrail.engine.Evaluation;
import dev.assay.guardrail.engine.TraceEntry;
import dev.assay.guardrail.monitoring.MonitoringSettings;
import dev.assay.guardrail.policy.Policy;
import dev.assay.guardrail.policy.PolicyService;
import dev.assay.platform.jdbc.Sql;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Runs shadow candidates beside production, off the request path: a production decision of a policy in
 * shadow is queued (when the queue is full it is counted as dropped, never waited for), and one worker
 * thread runs the candidate on the same prompt and response and records both decisions in
 * {@code guardrail_shadow_decision}. The candidate's decision is never served. Requests that named a
 * policy version other than production's are not compared, nor any while {@code assay.monitoring.enabled}
 * is off.
 */
@ApplicationScoped
public class ShadowRunner {
  private static final Logger LOG = Logger.getLogger(ShadowRunner.class);
  private static final long POLL_MILLIS = 200;
  private static final String INSERT = "INSERT INTO guardrail_shadow_decision (rollout_id, trace_id, decided_at,"
      + " production_policy_version, production_decision, production_scores, production_models, production_reasons,"
      + " candidate_policy_version, candidate_decision, candidate_scores, candidate_models, candidate_reasons, agree)"
      + " VALUES (?, ?, ?, ?, ?, CAST(? AS jsonb), ?, ?, ?, ?, CAST(? AS jsonb), ?, ?, ?)";

  private record Job(RunningRollout rollout, DecisionMade made) {}

  private final MonitoringSettings monitoring;
  private final RunningRollouts rollouts;
  private final PolicyService policies;
  private final Sql sql;
  private final ObjectMapper json;
  private final int batchSize;
  private final BlockingQueue<Job> queue;
  private final Thread worker;
  private volatile boolean stopping;

  public ShadowRunner(MonitoringSettings monitoring, RunningRollouts rollouts, PolicyService policies, Sql sql,
      ObjectMapper json, RolloutSettings settings) {
    this.monitoring = monitoring;
    this.rollouts = rollouts;
    this.policies = policies;
    this.sql = sql;
    this.json = json;
    this.batchSize = Math.max(1, settings.shadowBatchSize());
    this.queue = new ArrayBlockingQueue<>(Math.max(1, settings.shadowQueueCapacity()));
    this.worker = Thread.ofPlatform().name("assay-shadow").daemon().start(this::run);
  }

  /** On the request thread: one map lookup, and for a policy in shadow one queue offer. */
  void onDecision(@Observes DecisionMade made) {
    if (made.rollout() != null || !monitoring.enabled()) {
      return;
    }
    RunningRollout rollout = rollouts.running(made.decision().policy());
    if (rollout != null && rollout.shadow() && !queue.offer(new Job(rollout, made))) {
      rollout.dropped();
    }
  }

  private void run() {
    List<Job> batch = new ArrayList<>();
    while (!stopping || !queue.isEmpty()) {
      try {
        Job first = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
        if (first != null) {
          batch.add(first);
          queue.drainTo(batch, batchSize - 1);
        }
        List<Object[]> rows = new ArrayList<>();
        for (Job job : batch) {
          Object[] row = compare(job);
          if (row != null) {
            rows.add(row);
          }
        }
        write(rows);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.errorf(e, "%d shadow decisions could not be recorded", batch.size());
      } finally {
        batch.clear();
      }
    }
  }

  /** The candidate's decision beside production's, as a row; null when the request is not comparable. */
  private Object[] compare(Job job) {
    Decision production = job.made().decision();
    RunningRollout rollout = job.rollout();
    try {
      Policy current = policies.resolve(rollout.policy(), null);
      if (current.version != production.policyVersion()) {
        return null;
      }
      RunningRollout.Served candidate = rollout.candidateFor(current);
      Evaluation evaluation = candidate.prepared().evaluate(job.made().prompt(), job.made().response(), false);
      return new Object[] {rollout.id(), UUID.fromString(production.traceId()), job.made().decidedAt(),
          production.policyVersion(), production.decision(), toJson(production.categoryScores()),
          models(production.trace()), production.reasons(), candidate.policy().version, evaluation.decision(),
          toJson(evaluation.categoryScores()), models(evaluation.trace()), evaluation.reasons(),
          production.decision().equals(evaluation.decision())};
    } catch (RuntimeException e) {
      LOG.warnf("Shadow candidate of rollout %d could not decide on trace %s: %s", rollout.id(),
          production.traceId(), e.getMessage());
      return null;
    }
  }

  private void write(List<Object[]> rows) {
    Map<Long, Long> dropped = new LinkedHashMap<>();
    for (RunningRollout rollout : rollouts.all()) {
      long count = rollout.takeDropped();
      if (count > 0) {
        dropped.put(rollout.id(), count);
      }
    }
    if (rows.isEmpty() && dropped.isEmpty()) {
      return;
    }
    QuarkusTransaction.requiringNew().run(() -> {
      if (!rows.isEmpty()) {
        sql.batch(INSERT, rows, batchSize);
      }
      dropped.forEach((id, count) ->
          sql.update("UPDATE guardrail_rollout SET shadow_dropped = shadow_dropped + ? WHERE id = ?", count, id));
    });
  }

  private static List<String> models(List<TraceEntry> trace) {
    return trace.stream().map(TraceEntry::modelVersion).filter(Objects::nonNull).distinct().toList();
  }

  private String toJson(Map<String, Double> scores) {
    try {
      return json.writeValueAsString(scores);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  void stop(@Observes ShutdownEvent event) throws InterruptedException {
    stopping = true;
    worker.join(TimeUnit.SECONDS.toMillis(5));
  }
}
