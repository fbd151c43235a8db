package dev.assay.labeling.campaign;

import java.util.Map;
import java.util.Set;

/** A campaign's life: DRAFT -> ACTIVE <-> PAUSED -> COMPLETED. */
public enum CampaignState {
  DRAFT,
  ACTIVE,
  PAUSED,
  COMPLETED;

  private static final Map<CampaignState, Set<CampaignState>> NEXT =
      Map.of(
          DRAFT, Set.of(ACTIVE),
          ACTIVE, Set.of(PAUSED, COMPLETED),
          PAUSED, Set.of(ACTIVE, COMPLETED),
          COMPLETED, Set.of());

  public boolean canMoveTo(CampaignState next) {
    return NEXT.get(this).contains(next);
  }
}
