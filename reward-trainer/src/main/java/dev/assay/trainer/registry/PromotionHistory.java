package dev.assay.trainer.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.platform.audit.AdminAudit;
import dev.assay.platform.jdbc.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A model's promotion history: the gate's stored verdicts (every attempt to promote it, passed or not, and
 * every promotion that measured another candidate against it while it was in production) and the audited
 * rollbacks that took it out of production or brought it back.
 */
@ApplicationScoped
public class PromotionHistory {
  private static final TypeReference<Map<String, Object>> REPORT = new TypeReference<>() {};

  /** How {@link ModelRegistry#rollback} audits a rollback: on the restored model, the one taken out as fromId. */
  static final String ROLLBACK_ACTION = "model.rollback";
  /** Rollbacks read, newest first: far more than a model kind or classifier name ever sees. */
  private static final int MAX_ROLLBACKS = 1_000;

  private final Sql sql;
  private final ObjectMapper json;
  private final AdminAudit audit;

  public PromotionHistory(Sql sql, ObjectMapper json, AdminAudit audit) {
    this.sql = sql;
    this.json = json;
    this.audit = audit;
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

  /**
   * A rollback involving the model.
   *
   * @param restored true when it brought the model back into production, false when it took it out
   * @param otherModelId the model taken out (when restored) or brought back (when taken out)
   */
  public record Rollback(boolean restored, Long otherModelId, String otherVersion, String by, Instant at) {}

  /** The audited rollbacks that took the model out of production or brought it back, oldest first. */
  public List<Rollback> rollbacks(long modelId) {
    String target = "model:" + modelId;
    List<Rollback> rollbacks = new ArrayList<>();
    for (AdminAudit.Entry entry : audit.page(new AdminAudit.Filter(null, ROLLBACK_ACTION, null, null, null),
        0, MAX_ROLLBACKS).items()) {
      Map<String, Object> details = entry.details() == null ? Map.of() : entry.details();
      Long fromId = details.get("fromId") instanceof Number number ? number.longValue() : null;
      if (target.equals(entry.target())) {
        rollbacks.addFirst(new Rollback(true, fromId, (String) details.get("from"), entry.actor(), entry.at()));
      } else if (fromId != null && fromId == modelId) {
        rollbacks.addFirst(new Rollback(false, modelIdOf(entry.target()), (String) details.get("to"), entry.actor(),
            entry.at()));
      }
    }
    return rollbacks;
  }

  private static Long modelIdOf(String target) {
    try {
      return target != null && target.startsWith("model:") ? Long.valueOf(target.substring("model:".length())) : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
