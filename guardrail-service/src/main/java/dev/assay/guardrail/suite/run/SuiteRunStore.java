package dev.assay.guardrail.suite.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.platform.jdbc.Sql;
import dev.assay.platform.problem.ProblemException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs and their per-probe outcomes in {@code guardrail_suite_run} and {@code guardrail_suite_outcome}: a run
 * and all its outcomes are written in one transaction (batched), so a run is never half stored.
 */
@ApplicationScoped
public class SuiteRunStore {
  private static final int INSERT_BATCH = 1_000;
  private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};
  private static final TypeReference<Map<String, String>> TAGS = new TypeReference<>() {};
  private static final String RUN_COLUMNS = "r.id, r.suite_id, s.name, s.version, s.kind, r.policy_name,"
      + " r.policy_version, r.model_id, r.model_version, r.probes, r.failures, r.metrics, r.created_by, r.created_at"
      + " FROM guardrail_suite_run r JOIN guardrail_suite s ON s.id = r.suite_id";

  private final Sql sql;
  private final ObjectMapper json;

  public SuiteRunStore(Sql sql, ObjectMapper json) {
    this.sql = sql;
    this.json = json;
  }

  /** Stores a run of suite version {@code suiteId} with its outcomes; returns it as stored. */
  public StoredRun save(long suiteId, RunTarget target, SuiteRunResult result, String user) {
    long id = QuarkusTransaction.requiringNew().call(() -> {
      long runId = sql.one("INSERT INTO guardrail_suite_run (suite_id, policy_name, policy_version, model_id,"
          + " model_version, probes, failures, metrics, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?)"
          + " RETURNING id", row -> row.getLong(1), suiteId,
          target.policy() == null ? null : target.policy().name(),
          target.policy() == null ? null : target.policy().version(),
          target.model() == null ? null : target.model().id(),
          target.model() == null ? null : target.model().version(),
          result.probes(), result.failures(), toJson(result.metrics()), user).orElseThrow();
      List<Object[]> rows = new ArrayList<>(result.outcomes().size());
      for (ProbeOutcome outcome : result.outcomes()) {
        rows.add(new Object[] {runId, outcome.ordinal(), outcome.key(), outcome.passed(), outcome.decision(),
            outcome.score(), outcome.scoreAlt(), outcome.detail() == null ? null : toJson(outcome.detail())});
      }
      sql.batch("INSERT INTO guardrail_suite_outcome (run_id, ordinal, probe_key, passed, decision, score, score_alt,"
          + " detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb)", rows, INSERT_BATCH);
      return runId;
    });
    return get(id);
  }

  /** @throws ProblemException 404 for an unknown run */
  public StoredRun get(long id) {
    List<StoredRun> runs = runs("WHERE r.id = ?", List.of(id));
    if (runs.isEmpty()) {
      throw ProblemException.notFound("suite run", id);
    }
    return runs.getFirst();
  }

  /** The runs of every version of a suite, newest first. */
  public List<StoredRun> list(String suite, int limit) {
    return runs("WHERE s.name = ? ORDER BY r.id DESC LIMIT ?", List.of(suite, limit));
  }

  /**
   * The run a comparison defaults to: the previous run of the same suite name against the same kind of
   * target (the same policy name, or no policy; a model, or none).
   */
  public Optional<StoredRun> previous(StoredRun run) {
    List<Object> parameters = new ArrayList<>(List.of(run.suite(), run.id()));
    String policy = "r.policy_name IS NULL";
    if (run.policyName() != null) {
      policy = "r.policy_name = ?";
      parameters.add(run.policyName());
    }
    String model = run.modelId() == null ? "r.model_id IS NULL" : "r.model_id IS NOT NULL";
    return runs("WHERE s.name = ? AND r.id < ? AND " + policy + " AND " + model + " ORDER BY r.id DESC LIMIT 1",
        parameters).stream().findFirst();
  }

  /** A page of a run's outcomes with their probes, in suite order; only the failures when asked. */
  public List<StoredOutcome> outcomes(long runId, boolean failedOnly, long offset, int limit) {
    String sql = "SELECT o.ordinal, o.probe_key, p.side, p.expected, p.prompt, p.response, p.alternative, p.category,"
        + " p.tags, o.passed, o.decision, o.score, o.score_alt, o.detail FROM guardrail_suite_outcome o"
        + " JOIN guardrail_suite_run r ON r.id = o.run_id"
        + " JOIN guardrail_suite_probe p ON p.suite_id = r.suite_id AND p.ordinal = o.ordinal"
        + " WHERE o.run_id = ?" + (failedOnly ? " AND o.passed = false" : "") + " ORDER BY o.ordinal OFFSET ? LIMIT ?";
    return query(sql, List.of(runId, offset, limit), rows -> new StoredOutcome(rows.getInt(1), rows.getString(2),
        rows.getString(3), rows.getString(4), rows.getString(5), rows.getString(6), rows.getString(7),
        rows.getString(8), fromJson(rows.getString(9), TAGS), (Boolean) rows.getObject(10), rows.getString(11),
        (Double) rows.getObject(12), (Double) rows.getObject(13), fromJson(rows.getString(14), OBJECT)));
  }

  /** Compares a run with a baseline probe by probe and metric by metric. */
  public RunComparison compare(StoredRun run, StoredRun baseline) {
    Map<String, Boolean> now = passedByKey(run.id());
    Map<String, Boolean> before = passedByKey(baseline.id());
    List<String> newlyFailing = new ArrayList<>();
    List<String> fixed = new ArrayList<>();
    List<String> stillFailing = new ArrayList<>();
    now.forEach((key, passed) -> {
      Boolean was = before.get(key);
      if (Boolean.FALSE.equals(passed)) {
        (Boolean.FALSE.equals(was) ? stillFailing : newlyFailing).add(key);
      } else if (Boolean.TRUE.equals(passed) && Boolean.FALSE.equals(was)) {
        fixed.add(key);
      }
    });
    Map<String, Double> deltas = new LinkedHashMap<>();
    run.metrics().forEach((name, value) -> {
      if (value instanceof Number current && baseline.metrics().get(name) instanceof Number previous) {
        deltas.put(name, current.doubleValue() - previous.doubleValue());
      }
    });
    return new RunComparison(run.id(), baseline.id(), newlyFailing, fixed, stillFailing, deltas);
  }

  private record Verdict(String key, Boolean passed) {}

  private Map<String, Boolean> passedByKey(long runId) {
    Map<String, Boolean> passed = new LinkedHashMap<>();
    query("SELECT probe_key, passed FROM guardrail_suite_outcome WHERE run_id = ? ORDER BY ordinal", List.of(runId),
        rows -> new Verdict(rows.getString(1), (Boolean) rows.getObject(2)))
        .forEach(verdict -> passed.put(verdict.key(), verdict.passed()));
    return passed;
  }

  private List<StoredRun> runs(String where, List<Object> parameters) {
    return query("SELECT " + RUN_COLUMNS + " " + where, parameters, rows -> new StoredRun(rows.getLong(1),
        rows.getLong(2), rows.getString(3), rows.getInt(4), rows.getString(5), rows.getString(6),
        (Integer) rows.getObject(7), (Long) rows.getObject(8), rows.getString(9), rows.getInt(10), rows.getInt(11),
        fromJson(rows.getString(12), OBJECT), rows.getString(13), Sql.instant(rows, "created_at")));
  }

  private <T> List<T> query(String select, List<Object> parameters, Sql.RowMapper<T> row) {
    return QuarkusTransaction.requiringNew().call(() -> sql.list(select, row, parameters.toArray()));
  }

  private String toJson(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private <T> T fromJson(String text, TypeReference<T> type) {
    if (text == null) {
      return null;
    }
    try {
      return json.readValue(text, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
