package dev.assay.ui.data;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.Date;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A rater's own activity for the "my work" panel: judgements today and the streak of consecutive days
 * with at least one judgement, in the rater's time zone. Read-only; judgements are the preference rows
 * the labeling service writes.
 */
@ApplicationScoped
public class RaterActivity {
  private final EntityManager entityManager;

  public RaterActivity(EntityManager entityManager) {
    this.entityManager = entityManager;
  }

  public record Summary(long today, int streakDays, long total) {}

  public Summary summary(String rater, ZoneId zone) {
    return QuarkusTransaction.requiringNew().call(() -> {
      @SuppressWarnings("unchecked")
      List<Object> days = entityManager.createNativeQuery(
              "SELECT DISTINCT CAST(judged_at AT TIME ZONE CAST(?1 AS text) AS date) FROM preference"
                  + " WHERE rater = ?2 AND source = 'HUMAN' AND judged_at > now() - interval '400 days'")
          .setParameter(1, zone.getId())
          .setParameter(2, rater)
          .getResultList();
      Set<LocalDate> active = new HashSet<>();
      for (Object day : days) {
        active.add(day instanceof Date sqlDate ? sqlDate.toLocalDate() : (LocalDate) day);
      }
      LocalDate today = LocalDate.now(zone);
      // A streak survives a day without work yet: it counts back from today, or from yesterday.
      LocalDate cursor = active.contains(today) ? today : today.minusDays(1);
      int streak = 0;
      while (active.contains(cursor)) {
        streak++;
        cursor = cursor.minusDays(1);
      }
      Object[] counts = (Object[]) entityManager.createNativeQuery(
              "SELECT count(*) FILTER (WHERE CAST(judged_at AT TIME ZONE CAST(?1 AS text) AS date) = CAST(?3 AS date)),"
                  + " count(*) FROM preference WHERE rater = ?2 AND source = 'HUMAN'")
          .setParameter(1, zone.getId())
          .setParameter(2, rater)
          .setParameter(3, today.toString())
          .getSingleResult();
      return new Summary(((Number) counts[0]).longValue(), streak, ((Number) counts[1]).longValue());
    });
  }
}
