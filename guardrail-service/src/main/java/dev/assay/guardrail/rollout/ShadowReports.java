package dev.assay.guardrail.rollout;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.platform.jdbc.PageRequest;
import dev.assay.platform.jdbc.Sql;
import dev.assay.platform.problem.ProblemException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What a shadow candidate decided beside production: the agreement, and the requests where they differ. */
@ApplicationScoped
public class ShadowReports {
  private static final TypeReference<Map<String, Double>> SCORES = new TypeReference<>() {};

  private final RolloutService rollouts;
  private final Sql sql;
  private final ObjectMapper json;

  public ShadowReports(RolloutService rollouts, Sql sql, ObjectMapper json) {
    this.rollouts = rollouts;
    this.sql = sql;
    this.json = json;
  }

  /**
   * The agreement of a shadow with production.
   *
   * @param compared requests both decided on
   * @param agreementRate the share of them decided the same way (allow, flag, redact, escalate or block); null
   *     before any
   * @param dropped requests the candidate did not see: its queue was full
   * @param outcomes how many requests each pair of decisions (production's, the candidate's) had
   */
  public record Agreement(long rollout, String policy, String candidate, String state, long compared, long agreeing,
      Double agreementRate, long dropped, List<Outcomes> outcomes) {}

  public record Outcomes(String production, String candidate, long requests) {}

  /** One side of a compared request: the policy version that decided, its decision, scores, models and reasons. */
  public record Side(int policyVersion, String decision, Map<String, Double> scores, List<String> models,
      List<String> reasons) {}

  /** A request the two decided differently; {@code traceId} finds production's decision in the audit. */
  public record Disagreement(long id, UUID traceId, Instant decidedAt, Side production, Side candidate) {}

  public record DisagreementPage(List<Disagreement> items, int page, int size, long total) {}

  /** @throws ProblemException 404 for an unknown rollout */
  public Agreement agreement(long rolloutId) {
    Rollout rollout = rollouts.get(rolloutId);
    List<Outcomes> outcomes = QuarkusTransaction.requiringNew().call(() -> sql.list(
        "SELECT production_decision, candidate_decision, count(*) FROM guardrail_shadow_decision WHERE rollout_id = ?"
            + " GROUP BY production_decision, candidate_decision ORDER BY count(*) DESC, 1, 2",
        row -> new Outcomes(row.getString(1), row.getString(2), row.getLong(3)), rolloutId));
    long compared = outcomes.stream().mapToLong(Outcomes::requests).sum();
    long agreeing = outcomes.stream().filter(o -> o.production().equals(o.candidate()))
        .mapToLong(Outcomes::requests).sum();
    return new Agreement(rollout.id, rollout.policy, rollout.candidate, rollout.state, compared, agreeing,
        compared == 0 ? null : (double) agreeing / compared, rollout.shadowDropped, outcomes);
  }

  /**
   * The requests a shadow decided differently from production, newest first.
   *
   * @throws ProblemException 404 for an unknown rollout; 422 for a page below 0 or a size outside 1-1000
   */
  public DisagreementPage disagreements(long rolloutId, int page, int size) {
    PageRequest request = PageRequest.of(page, size);
    rollouts.get(rolloutId);
    return QuarkusTransaction.requiringNew().call(() -> {
      long total = sql.count("SELECT count(*) FROM guardrail_shadow_decision WHERE rollout_id = ? AND NOT agree",
          rolloutId);
      List<Disagreement> items = sql.list("SELECT id, trace_id, decided_at, production_policy_version,"
          + " production_decision, CAST(production_scores AS text) AS production_scores, production_models,"
          + " production_reasons, candidate_policy_version, candidate_decision,"
          + " CAST(candidate_scores AS text) AS candidate_scores, candidate_models, candidate_reasons"
          + " FROM guardrail_shadow_decision WHERE rollout_id = ? AND NOT agree ORDER BY id DESC LIMIT ? OFFSET ?",
          this::disagreement, rolloutId, request.size(), request.offset());
      return new DisagreementPage(items, page, size, total);
    });
  }

  private Disagreement disagreement(ResultSet row) throws SQLException {
    return new Disagreement(row.getLong("id"), row.getObject("trace_id", UUID.class), Sql.instant(row, "decided_at"),
        side(row, "production_"), side(row, "candidate_"));
  }

  private Side side(ResultSet row, String prefix) throws SQLException {
    Map<String, Double> scores;
    try {
      scores = json.readValue(row.getString(prefix + "scores"), SCORES);
    } catch (JsonProcessingException e) {
      throw new SQLException("unreadable scores in shadow decision " + row.getLong("id"), e);
    }
    return new Side(row.getInt(prefix + "policy_version"), row.getString(prefix + "decision"), scores,
        Sql.strings(row, prefix + "models"), Sql.strings(row, prefix + "reasons"));
  }
}
