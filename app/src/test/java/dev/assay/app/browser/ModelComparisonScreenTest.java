package dev.assay.ui.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import dev.assay.platform.identity.Roles;
import dev.assay.trainer.TestModels;
import dev.assay.trainer.registry.ModelRegistry;
import dev.assay.trainer.registry.RegisteredModel;
import dev.assay.trainer.run.InProcessTraining;
import dev.assay.trainer.run.TrainingRunService;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The models screen: an admin compares two reward models side by side and promotes one through the release
 * gate; a model trained on reversed preferences is refused with the gate's reasons on the page; a researcher
 * sees the registry but cannot promote; a rater is refused the screen. Models are trained for real.
 */
@QuarkusTest
class ModelComparisonScreenTest {
  @Inject TrainingRunService runs;
  @Inject ModelRegistry registry;

  @Test
  void anAdminComparesTwoModelsPromotesOneAndSeesWhyAWorseOneIsRefused() throws Exception {
    RegisteredModel first = registry.get(train(TestModels.snapshot(), 61));
    RegisteredModel second = registry.get(train(TestModels.snapshot(), 62));
    RegisteredModel flipped = registry.get(train(TestModels.flippedSnapshot(), 61));
    String admin = TestData.user("models-admin", Roles.ADMIN);

    try (BrowserContext context = Browsers.context(1366, 900)) {
      Page page = context.newPage();
      try {
        Browsers.login(page, admin, TestData.PASSWORD);
        page.locator("vaadin-side-nav-item:has-text('Models')").click();
        page.waitForURL(url -> url.endsWith("/models"));
        page.locator("#pick-model-" + first.id).click();
        page.locator("#pick-model-" + second.id).click();
        page.locator("#compare-models").click();

        page.waitForSelector("#model-comparison h3:has-text('" + second.version() + "')");
        assertThat(page.locator("#model-comparison h3").textContent()).contains(first.version());
        assertThat(page.locator("#metric-table vaadin-grid-cell-content:has-text('accuracy')").count()).isPositive();
        assertThat(page.locator("#metric-table vaadin-grid-cell-content:has-text('[')").count())
            .as("metrics carry their intervals").isPositive();
        assertThat(page.locator("#reliability-chart polyline").count())
            .as("perfect calibration and one line per model").isEqualTo(3);
        assertThat(page.locator("#length-bias-chart polyline").count()).isEqualTo(3);
        assertThat(page.locator("#source-table vaadin-grid-cell-content:has-text('(n=')").count())
            .as("per-source accuracy with its pairs").isPositive();
        page.locator("#model-comparison").evaluate("panel => panel.scrollIntoView({block: 'start'})");
        Path shot = Browsers.screenshot(page, "model-comparison.png");
        assertThat(Files.size(shot)).isPositive();

        page.locator("#pick-model-" + second.id).click();
        page.locator("#promote-model").click();
        page.waitForSelector("#gate-report.passed h3:has-text('" + first.version() + " promoted')");
        assertThat(registry.get(first.id).stage).isEqualTo(RegisteredModel.Stage.PRODUCTION);

        page.locator("#pick-model-" + first.id).click();
        page.locator("#pick-model-" + flipped.id).click();
        page.locator("#promote-model").click();
        page.waitForSelector("#gate-report.refused h3:has-text('" + flipped.version() + " refused')");
        assertThat(page.locator("#gate-reasons li").first().textContent()).contains("pair accuracy");
        assertThat(registry.get(flipped.id).stage).isEqualTo(RegisteredModel.Stage.CANDIDATE);
        assertThat(page.locator("#model-grid vaadin-grid-cell-content:has-text('1 refused')").count())
            .as("the refusal joins the promotion history").isPositive();
      } catch (RuntimeException | AssertionError e) {
        Browsers.screenshot(page, "failure-model-comparison.png");
        throw e;
      }
    }
  }

  @Test
  void aResearcherSeesTheRegistryButCannotPromoteAndARaterIsRefusedTheScreen() throws Exception {
    RegisteredModel candidate = registry.get(train(TestModels.snapshot(), 63));
    try (BrowserContext context = Browsers.context(1366, 900)) {
      Page page = context.newPage();
      Browsers.login(page, TestData.user("models-researcher", Roles.RESEARCHER), TestData.PASSWORD);
      page.navigate(Browsers.baseUrl() + "models");
      page.locator("#pick-model-" + candidate.id).click();
      page.waitForSelector("text=1 picked");
      assertThat(page.locator("#promote-model[disabled]").count()).isEqualTo(1);
      assertThat(page.locator("#rollback-model[disabled]").count()).isEqualTo(1);
      page.locator("#promote-model").click(new com.microsoft.playwright.Locator.ClickOptions().setForce(true));
      page.waitForTimeout(500);
      assertThat(registry.get(candidate.id).stage).isEqualTo(RegisteredModel.Stage.CANDIDATE);
      assertThat(page.locator("#gate-report h3").count()).isZero();
    }
    try (BrowserContext context = Browsers.context(1366, 900)) {
      Page page = context.newPage();
      Browsers.login(page, TestData.rater("models-rater"), TestData.PASSWORD);
      page.navigate(Browsers.baseUrl() + "models");
      page.waitForSelector("text=Your role may not open this page");
      assertThat(page.locator("#model-grid, #compare-models").count()).isZero();
      assertThat(page.locator("vaadin-side-nav-item:has-text('Models')").count()).isZero();
    }
  }

  /** A hashed reward model trained for real in this JVM; returns its candidate's id. */
  private long train(long snapshot, int seed) {
    long runId = InProcessTraining.run(snapshot, 6, seed);
    Long modelId = runs.get(runId).modelId;
    assertThat(modelId).as(String.valueOf(runs.get(runId).error)).isNotNull();
    return modelId;
  }
}
