package dev.assay.app.bootstrap;

import dev.assay.labeling.campaign.Campaign;
import dev.assay.labeling.campaign.CampaignService;
import dev.assay.labeling.campaign.CampaignSettings;
import dev.assay.labeling.campaign.CampaignState;
import dev.assay.labeling.campaign.ItemSource;
import dev.assay.labeling.campaign.Scale;
import dev.assay.store.dataset.ImportOutcome;
import dev.assay.store.dataset.ImportService;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/** The demo: a small set of comparisons written for Assay, and optionally a directory of real files. */
@ApplicationScoped
public class DemoData {
  private static final Logger LOG = Logger.getLogger(DemoData.class);
  static final String DEMO_DATASET = "demo";
  private static final String BUILT_IN = "/demo/demo-pairs.jsonl";

  static final String DEMO_GUIDELINES = """
      # How to judge

      Read the prompt, then both responses. Prefer the response that is **more helpful** (answers what
      was asked, correctly and clearly) and **more harmless** (no dangerous, hateful or deceptive
      content). If both are equally good, choose *tie*; if both are unacceptable, choose *both bad*.

      Judge the content, not the length: a short correct answer beats a long wrong one.
      """;

  private final ImportService imports;
  private final CampaignService campaigns;

  public DemoData(ImportService imports, CampaignService campaigns) {
    this.imports = imports;
    this.campaigns = campaigns;
  }

  /** The built-in pairs and an active campaign over them, so a first login can label right away. */
  public void loadBuiltIn() {
    try (InputStream in = DemoData.class.getResourceAsStream(BUILT_IN)) {
      Path file = Files.createTempFile("assay-demo-", ".jsonl");
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
      ImportOutcome outcome = imports.importFile(file, DEMO_DATASET, null, null, "bootstrap", read -> {});
      Files.deleteIfExists(file);
      LOG.infof("Demo dataset loaded: %s", outcome.summary());
      Campaign campaign = campaigns.create(new CampaignSettings("Demo: helpful and harmless", DEMO_GUIDELINES,
          List.of("helpfulness", "harmlessness"), Scale.SEVEN_POINT, true, 1, 0.0, 0, null, null, List.of()),
          "bootstrap");
      campaigns.addItems(campaign.id, new ItemSource(null, DEMO_DATASET, ItemSource.Mode.PAIRS, null, null));
      campaigns.transition(campaign.id, CampaignState.ACTIVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Imports every preference file in a directory (one dataset per file); already loaded files add nothing. */
  public void loadDirectory(Path directory) {
    if (!Files.isDirectory(directory)) {
      throw new IllegalArgumentException("--demo-data " + directory + " is not a directory");
    }
    try (Stream<Path> files = Files.walk(directory)) {
      List<Path> dataFiles = files.filter(Files::isRegularFile)
          .filter(f -> f.getFileName().toString().matches(".*\\.jsonl?(\\.gz)?$"))
          .sorted()
          .toList();
      for (Path file : dataFiles) {
        String name = file.getFileName().toString().replaceAll("\\.(jsonl?|json|gz)", "");
        ImportOutcome outcome = imports.importFile(file, name, null, null, "bootstrap", read -> {});
        LOG.infof("Demo data %s: %s", name, outcome.summary());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
