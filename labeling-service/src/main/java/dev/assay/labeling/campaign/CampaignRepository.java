package dev.assay.labeling.campaign;

import dev.assay.platform.jdbc.Sql;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/** Campaign queries and the conditional updates of its state and counters. */
@ApplicationScoped
public class CampaignRepository implements PanacheRepository<Campaign> {
  private final Sql sql;

  public CampaignRepository(Sql sql) {
    this.sql = sql;
  }

  /** Moves the campaign from {@code from} to {@code to}; false when it was no longer in {@code from}. */
  public boolean transition(long id, CampaignState from, CampaignState to, Instant now) {
    return sql.update(
            "UPDATE campaign SET state = ?, updated_at = ? WHERE id = ? AND state = ?", to, now, id, from)
        == 1;
  }

  public void addItemsTotal(long id, int added) {
    sql.update("UPDATE campaign SET items_total = items_total + ? WHERE id = ?", added, id);
  }

  /**
   * Counts one more item as done; returns {items_done, items_total}. The row lock this takes orders the
   * submits that finish items, so exactly one of them sees the campaign finished.
   */
  public int[] itemDone(long id) {
    return sql.one(
            "UPDATE campaign SET items_done = items_done + 1 WHERE id = ? RETURNING items_done, items_total",
            row -> new int[] {row.getInt(1), row.getInt(2)},
            id)
        .orElseThrow();
  }

  public List<String> pool(long id) {
    return sql.list(
        "SELECT rater FROM campaign_rater WHERE campaign_id = ? AND in_pool ORDER BY rater",
        row -> row.getString(1),
        id);
  }

  public void replacePool(long id, List<String> raters) {
    sql.update("UPDATE campaign_rater SET in_pool = false WHERE campaign_id = ?", id);
    sql.update(
        "INSERT INTO campaign_rater (campaign_id, rater, in_pool) SELECT ?, r, true FROM unnest(?::text[]) r"
            + " ON CONFLICT (campaign_id, rater) DO UPDATE SET in_pool = true",
        id,
        raters);
  }
}
