package dev.assay.ui.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import dev.assay.labeling.handout.HandoutService;
import dev.assay.labeling.handout.JudgementInput;
import dev.assay.labeling.handout.Task;
import dev.assay.platform.identity.Roles;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * An admin uploads a dataset through the UI (a file over the import limit is refused first; the next one's
 * import result shows), creates a campaign from it with the campaign form, starts it, opens its dashboard,
 * and watches the dashboard fill while two raters work (they submit through the labeling services
 * in-process; the rater UI has its own tests).
 */
@QuarkusTest
class AdminCampaignTest {
  @Inject
  HandoutService handout;

  @Inject
  dev.assay.labeling.handout.JudgementService judgements;

  @Test
  void adminCreatesACampaignFromAnUploadAndWatchesItFill() throws Exception {
    String admin = TestData.user("admin", Roles.ADMIN);
    String r1 = TestData.rater("ann");
    String r2 = TestData.rater("ben");
    String tag = TestData.unique("adm");
    Path file = Files.createTempDirectory("assay-upload").resolve("support-chats.jsonl");
    Files.write(file, Samples.pairs(6, tag));
    Path oversized = file.resolveSibling("too-large.jsonl");
    long importLimit = ConfigProvider.getConfig().getValue("assay.http.max-import-upload-size", MemorySize.class)
        .asLongValue();
    try (RandomAccessFile sparse = new RandomAccessFile(oversized.toFile(), "rw")) {
      sparse.setLength(importLimit + 1);
    }
    String datasetName = "support-chats-" + tag;
    String campaignName = "Support answers " + tag;

    try (BrowserContext context = Browsers.context(1366, 900)) {
      Page page = context.newPage();
      try {
        Browsers.login(page, admin, TestData.PASSWORD);

        // Upload through the UI and follow the import job.
        page.navigate(Browsers.baseUrl() + "datasets");
        page.locator("#dataset-name input").fill(datasetName);
        page.locator("#dataset-name input").press("Tab");
        // The name travels to the server in its own request, which an upload started at once can overtake.
        page.waitForSelector("#upload-target:has-text('" + datasetName + "')");
        // A file over the REST import's limit is refused before it is sent, and said so.
        page.setInputFiles("#dataset-upload input[type=file]", oversized);
        page.waitForSelector("#import-job:has-text('Upload refused')");
        assertThat(page.locator("#import-job").innerText()).containsIgnoringCase("too big");
        page.setInputFiles("#dataset-upload input[type=file]", file);
        page.waitForSelector("#import-job[data-state=SUCCEEDED]");
        assertThat(page.locator("#import-job").innerText()).contains("6 new", "imported");
        page.waitForSelector("#dataset-grid >> text=" + datasetName);

        // Create the campaign with the form, filled from the dataset, and start it.
        page.navigate(Browsers.baseUrl() + "admin/campaigns");
        page.locator("#new-campaign").click();
        page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true)).fill(campaignName);
        page.getByLabel("Ratings per comparison (N)").fill("2");
        page.getByLabel("Guidelines (markdown)").fill("Prefer **correct** answers.\n\n- then clarity");
        page.getByRole(AriaRole.TAB, new Page.GetByRoleOptions().setName("Preview")).click();
        page.waitForSelector(".campaign-form .markdown strong:has-text('correct')");
        var dataset = page.getByLabel("Add comparisons from dataset");
        dataset.fill(datasetName);
        page.waitForSelector("vaadin-combo-box-item:has-text('" + datasetName + "')");
        dataset.press("ArrowDown");
        dataset.press("Enter");
        page.locator(".campaign-form vaadin-button:has-text('Save')").click();
        page.waitForSelector("vaadin-notification-card:has-text('added 6 comparisons')");
        page.locator("vaadin-button:has-text('Start')").click();
        page.waitForSelector("vaadin-notification-card:has-text('is now active')");
        page.locator("vaadin-button:has-text('Dashboard')").click();
        page.waitForURL(url -> url.contains("/dashboard"));
        page.waitForSelector("#dashboard-progress-text:has-text('0 / 6')");

        long campaignId = Long.parseLong(page.url().replaceAll(".*/campaigns/(\\d+)/dashboard.*", "$1"));
        // Raters work; the dashboard refreshes itself.
        work(campaignId, r1, 6, new int[] {2, 3, 1, 6, 2, 4});
        page.waitForSelector("#stat-judgements:has-text('6')");
        work(campaignId, r2, 3, new int[] {2, 5, 1});
        page.waitForSelector("#dashboard-progress-text:has-text('3 / 6')");
        page.waitForSelector("#rater-table >> text=" + r2);
        assertThat(page.locator("#dashboard .svg-chart svg polyline").count()).isEqualTo(1);
        assertThat(page.locator("#dashboard .svg-chart svg rect.bar").count()).isGreaterThanOrEqualTo(1);
        Browsers.screenshot(page, "dashboard.png");
        page.screenshot(new Page.ScreenshotOptions().setPath(Browsers.SCREENSHOTS.resolve("dashboard-full.png"))
            .setFullPage(true));
      } catch (RuntimeException | AssertionError e) {
        Browsers.screenshot(page, "failure-admin.png");
        throw e;
      }
    }
  }

  private void work(long campaignId, String rater, int tasks, int[] strengths) {
    for (int i = 0; i < tasks; i++) {
      Task task = handout.next(campaignId, rater).orElseThrow();
      judgements.submit(task.assignmentId(), rater,
          new JudgementInput(null, strengths[i], Map.of(), List.of(), null, 9_000L + 1000L * i));
    }
  }
}
