package dev.assay.labeling.handout;

import java.time.Instant;

/** An assignment row joined with its item: what the hand-out and submit rules look at. */
public record Assignment(
    long id,
    long itemId,
    long campaignId,
    long comparisonId,
    String rater,
    String state,
    boolean aShownLeft,
    Instant leasedAt,
    Instant leaseExpiresAt,
    boolean gold) {

  public boolean liveAt(Instant now) {
    return "LEASED".equals(state) && leaseExpiresAt.isAfter(now);
  }
}
