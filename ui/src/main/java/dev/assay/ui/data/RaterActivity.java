package dev.assay.ui.data;

import dev.assay.store.record.Preferences;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.Set;

/**
 * A rater's own activity for the "my work" panel: judgements today and the streak of consecutive days
 * with at least one judgement, in the rater's time zone. Read-only; judgements are the preference rows
 * the labeling service writes.
 */
@ApplicationScoped
public class RaterActivity {
  private final Preferences preferences;

  public RaterActivity(Preferences preferences) {
    this.preferences = preferences;
  }

  public record Summary(long today, int streakDays, long total) {}

  public Summary summary(String rater, ZoneId zone) {
    return QuarkusTransaction.requiringNew().call(() -> {
      Set<LocalDate> active = new HashSet<>(preferences.humanJudgementDays(rater, zone));
      LocalDate today = LocalDate.now(zone);
      // A streak survives a day without work yet: it counts back from today, or from yesterday.
      LocalDate cursor = active.contains(today) ? today : today.minusDays(1);
      int streak = 0;
      while (active.contains(cursor)) {
        streak++;
        cursor = cursor.minusDays(1);
      }
      Preferences.JudgementCount counts = preferences.humanJudgementCount(rater, zone, today);
      return new Summary(counts.onDay(), streak, counts.total());
    });
  }
}
