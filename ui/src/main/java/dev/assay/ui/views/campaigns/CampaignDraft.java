package dev.assay.ui.views.campaigns;

import dev.assay.labeling.campaign.Campaign;
import dev.assay.labeling.campaign.CampaignSettings;
import dev.assay.labeling.campaign.Scale;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The campaign form's bean: the settings as the form edits them (percent, local time, text lists). */
public class CampaignDraft {
  private Long id;
  private String name = "";
  private String guidelines = "";
  private String criteria = "helpfulness";
  private Scale scale = Scale.SEVEN_POINT;
  private boolean allowBothBad = true;
  private Integer ratingsRequired = 3;
  private Double goldPercent = 0.0;
  private Integer priority = 0;
  private LocalDateTime deadline;
  private Integer leaseMinutes;
  private Set<String> pool = new LinkedHashSet<>();

  public static CampaignDraft of(Campaign campaign, List<String> pool, ZoneId zone) {
    CampaignDraft draft = new CampaignDraft();
    draft.id = campaign.id;
    draft.name = campaign.name;
    draft.guidelines = campaign.guidelines;
    draft.criteria = String.join(", ", campaign.criteria);
    draft.scale = campaign.scale;
    draft.allowBothBad = campaign.allowBothBad;
    draft.ratingsRequired = campaign.ratingsRequired;
    draft.goldPercent = campaign.goldRate * 100;
    draft.priority = campaign.priority;
    draft.deadline = campaign.deadline == null ? null : LocalDateTime.ofInstant(campaign.deadline, zone);
    draft.leaseMinutes = campaign.leaseSeconds == null ? null : Math.max(1, campaign.leaseSeconds / 60);
    draft.pool = new LinkedHashSet<>(pool);
    return draft;
  }

  public CampaignSettings toSettings(ZoneId zone) {
    List<String> criteriaList = Arrays.stream(criteria == null ? new String[0] : criteria.split("[,\\s]+"))
        .map(String::strip)
        .filter(c -> !c.isEmpty())
        .toList();
    return new CampaignSettings(
        name == null ? null : name.strip(),
        guidelines,
        criteriaList,
        scale,
        allowBothBad,
        ratingsRequired == null ? 1 : ratingsRequired,
        goldPercent == null ? 0 : goldPercent / 100.0,
        priority == null ? 0 : priority,
        deadline == null ? null : deadline.atZone(zone).toInstant(),
        leaseMinutes == null ? null : leaseMinutes * 60,
        List.copyOf(pool));
  }

  public Long getId() { return id; }
  public String getName() { return name; }
  public void setName(String name) { this.name = name; }
  public String getGuidelines() { return guidelines; }
  public void setGuidelines(String guidelines) { this.guidelines = guidelines; }
  public String getCriteria() { return criteria; }
  public void setCriteria(String criteria) { this.criteria = criteria; }
  public Scale getScale() { return scale; }
  public void setScale(Scale scale) { this.scale = scale; }
  public boolean isAllowBothBad() { return allowBothBad; }
  public void setAllowBothBad(boolean allowBothBad) { this.allowBothBad = allowBothBad; }
  public Integer getRatingsRequired() { return ratingsRequired; }
  public void setRatingsRequired(Integer ratingsRequired) { this.ratingsRequired = ratingsRequired; }
  public Double getGoldPercent() { return goldPercent; }
  public void setGoldPercent(Double goldPercent) { this.goldPercent = goldPercent; }
  public Integer getPriority() { return priority; }
  public void setPriority(Integer priority) { this.priority = priority; }
  public LocalDateTime getDeadline() { return deadline; }
  public void setDeadline(LocalDateTime deadline) { this.deadline = deadline; }
  public Integer getLeaseMinutes() { return leaseMinutes; }
  public void setLeaseMinutes(Integer leaseMinutes) { this.leaseMinutes = leaseMinutes; }
  public Set<String> getPool() { return pool; }
  public void setPool(Set<String> pool) { this.pool = pool == null ? new LinkedHashSet<>() : new LinkedHashSet<>(pool); }
}
