package dev.assay.labeling.campaign;

import java.time.Instant;
import java.util.List;

/** What an admin sets on a campaign. */
public record CampaignSettings(
    String name,
    String guidelines,
    List<String> criteria,
    Scale scale,
    boolean allowBothBad,
    int ratingsRequired,
    double goldRate,
    int priority,
    Instant deadline,
    Integer leaseSeconds,
    List<String> raterPool) {}
