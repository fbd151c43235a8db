package dev.assay.guardrail.card;

import dev.assay.platform.audit.AdminAudit;
import dev.assay.platform.jdbc.Sql;
import dev.assay.platform.problem.ProblemException;
import dev.assay.trainer.registry.ModelRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** What an admin adds to a model's card beyond what its kind implies: its intended use and its out-of-scope uses. */
@ApplicationScoped
public class ModelCardNotes {
  static final int MAX_CHARS = 10_000;

  private final Sql sql;
  private final ModelRegistry registry;
  private final AdminAudit audit;

  public ModelCardNotes(Sql sql, ModelRegistry registry, AdminAudit audit) {
    this.sql = sql;
    this.registry = registry;
    this.audit = audit;
  }

  public record Notes(String intendedUse, String outOfScope, String updatedBy, Instant updatedAt) {}

  @Transactional
  public Optional<Notes> of(long modelId) {
    return sql.one("SELECT intended_use, out_of_scope, updated_by, updated_at FROM model_card_note WHERE model_id = ?",
        row -> new Notes(row.getString(1), row.getString(2), row.getString(3), Sql.instant(row, "updated_at")), modelId);
  }

  /**
   * Replaces the model's notes (blank texts clear them); audited.
   *
   * @throws ProblemException 404 for an unknown model, 422 naming the field of a text over {@value #MAX_CHARS}
   *     characters
   */
  @Transactional
  public Notes set(long modelId, String intendedUse, String outOfScope, String user) {
    registry.get(modelId);
    String intended = checked("intendedUse", intendedUse);
    String outside = checked("outOfScope", outOfScope);
    sql.update("INSERT INTO model_card_note (model_id, intended_use, out_of_scope, updated_by, updated_at)"
        + " VALUES (?, ?, ?, ?, now()) ON CONFLICT (model_id) DO UPDATE SET intended_use = excluded.intended_use,"
        + " out_of_scope = excluded.out_of_scope, updated_by = excluded.updated_by, updated_at = excluded.updated_at",
        modelId, intended, outside, user);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("intendedUse", intended != null);
    details.put("outOfScope", outside != null);
    audit.record("model.card-notes", "model:" + modelId, details);
    return of(modelId).orElseThrow();
  }

  private static String checked(String field, String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    if (text.length() > MAX_CHARS) {
      throw ProblemException.invalid(field, field + " is at most " + MAX_CHARS + " characters");
    }
    if (text.indexOf('\0') >= 0) {
      throw ProblemException.invalid(field, field + " must not contain U+0000");
    }
    return text.strip();
  }
}
