package dev.assay.ui.browser;

import dev.assay.labeling.campaign.Campaign;
import dev.assay.labeling.campaign.CampaignService;
import dev.assay.labeling.campaign.CampaignSettings;
import dev.assay.labeling.campaign.CampaignState;
import dev.assay.labeling.campaign.ItemSource;
import dev.assay.labeling.campaign.Scale;
import dev.assay.platform.identity.IdentityService;
import dev.assay.platform.identity.Roles;
import dev.assay.store.dataset.ImportService;
import io.quarkus.arc.Arc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Test data made through the application's own services, with names unique to each call. */
final class TestData {
  static final String PASSWORD = "browser-test-password";
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

  private TestData() {}

  static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  static String user(String prefix, String... roles) {
    String name = unique(prefix);
    Arc.container().instance(IdentityService.class).get().createUser(name, PASSWORD, List.of(roles));
    return name;
  }

  static String rater(String prefix) {
    return user(prefix, Roles.RATER);
  }

  /** One TRL-conversational record: a multi-turn prompt and two answers (chosen first). */
  static String pair(List<Map<String, String>> prompt, String chosen, String rejected) {
    try {
      return JSON.writeValueAsString(Map.of(
          "prompt", prompt,
          "chosen", List.of(Map.of("role", "assistant", "content", chosen)),
          "rejected", List.of(Map.of("role", "assistant", "content", rejected))));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static Path writeFile(List<String> lines) {
    try {
      Path file = Files.createTempFile("assay-ui-test-", ".jsonl");
      Files.write(file, lines);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String dataset(List<String> lines) {
    String name = unique("ds");
    Path file = writeFile(lines);
    Arc.container().instance(ImportService.class).get().importFile(file, name, null, null, "test", read -> {});
    return name;
  }

  static Campaign activeCampaign(String dataset, Scale scale, int n, List<String> criteria, List<String> pool,
      int priority, String guidelines) {
    return activeCampaign("Campaign", dataset, scale, n, criteria, pool, priority, guidelines);
  }

  static Campaign activeCampaign(String name, String dataset, Scale scale, int n, List<String> criteria,
      List<String> pool, int priority, String guidelines) {
    CampaignService campaigns = Arc.container().instance(CampaignService.class).get();
    Campaign campaign = campaigns.create(new CampaignSettings(unique(name), guidelines, criteria, scale,
        true, n, 0.0, priority, null, null, pool), "test");
    campaigns.addItems(campaign.id, new ItemSource(null, dataset, null, null, null));
    return campaigns.transition(campaign.id, CampaignState.ACTIVE);
  }
}
