package dev.assay.trainer.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.platform.jdbc.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A model's promotion history from the gate's stored verdicts: every attempt to promote it, passed or not,
 * and every promotion that measured another candidate against it while it was in production.
 */
@ApplicationScoped
public class PromotionHistory {
  private static final TypeReference<Map<String, Object>> REPORT = new TypeReference<>() {};

  private final Sql sql;
  private final ObjectMapper json;

  public PromotionHistory(Sql sql, ObjectMapper json) {
    this.sql = sql;
    this.json = json;
  }

  /**
   * One gate verdict.
   *
   * @param modelId the candidate the gate judged
   * @param baselineId the production model it was measured against (null for none)
   * @param report the gate's report as stored: metric, scores, tolerance, evaluation set
   */
  public record GateVerdict(
      long id, long modelId, Long baselineId, boolean passed, Map<String, Object> report, String decidedBy,
      Instant decidedAt) {}

  /** The verdicts naming the model as candidate or as baseline, oldest first. */
  @Transactional
  public List<GateVerdict> of(long modelId) {
    return sql.list("SELECT id, model_id, baseline_id, passed, CAST(report AS text) AS report, created_by, created_at"
            + " FROM promotion_gate WHERE model_id = ? OR baseline_id = ? ORDER BY id",
        row -> new GateVerdict(row.getLong("id"), row.getLong("model_id"), Sql.nullableLong(row, "baseline_id"),
            row.getBoolean("passed"), report(row.getString("report")), row.getString("created_by"),
            Sql.instant(row, "created_at")),
        modelId, modelId);
  }

  private Map<String, Object> report(String text) throws SQLException {
    try {
      return json.readValue(text, REPORT);
    } catch (JsonProcessingException e) {
      throw new SQLException("unreadable promotion gate report: " + e.getOriginalMessage(), e);
    }
  }
}
