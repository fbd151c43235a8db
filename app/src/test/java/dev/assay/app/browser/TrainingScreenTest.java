package dev.assay.ui.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import dev.assay.platform.identity.Roles;
import dev.assay.trainer.TestModels;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A researcher launches a small run from the training screen and watches its curves grow, pushed by the
 * server, to the last epoch; raters are refused the training and builds screens.
 */
@QuarkusTest
class TrainingScreenTest {
  private static final int EPOCHS = 10;

  @Test
  void aLaunchedRunsCurvesGrowEpochByEpochUntilItSucceeds() {
    long snapshot = TestModels.snapshot();
    String researcher = TestData.user("trainer", Roles.RESEARCHER);

    try (BrowserContext context = Browsers.context(1366, 1000)) {
      Page page = context.newPage();
      try {
        Browsers.login(page, researcher, TestData.PASSWORD);
        page.locator("vaadin-side-nav-item:has-text('Training')").click();
        page.waitForURL(url -> url.endsWith("/training"));
        // The hyperparameters show their defaults before anything is typed.
        assertThat(page.locator("#launch-epochs input").inputValue()).isEqualTo("8");
        assertThat(page.locator("#launch-featurizer input").inputValue()).isEqualTo("hashed");

        page.locator("#launch-snapshot input").fill("fixture #" + snapshot);
        page.locator("vaadin-combo-box-item:text-is('fixture #" + snapshot + "')").click();
        page.waitForSelector("#launch-split:has-text('validation')");
        fill(page, "#launch-epochs", String.valueOf(EPOCHS));
        fill(page, "#launch-batch-size", "4"); // small batches: epochs slow enough to be seen one by one
        fill(page, "#launch-patience", "0");
        page.locator("#launch-run").click();
        page.waitForURL(url -> url.matches(".*/training/\\d+$"));

        // Sample the loss curve's points while the run trains: the page is never reloaded.
        List<Integer> seen = new ArrayList<>();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(8));
        String state = "";
        while (Instant.now().isBefore(deadline)) {
          int points = page.locator("#chart-loss circle.point.series-0").count();
          if (seen.isEmpty() || seen.get(seen.size() - 1) != points) {
            seen.add(points);
          }
          state = page.locator("#run-state").innerText();
          if (state.equals("SUCCEEDED") || state.equals("FAILED") || state.equals("CANCELLED")) {
            break;
          }
          page.waitForTimeout(100);
        }
        // The error line is rendered only when the run has one.
        String error = page.locator("#run-error").count() == 0 ? "" : page.locator("#run-error").textContent();
        assertThat(state).as("run state; error: %s", error).isEqualTo("SUCCEEDED");
        page.waitForFunction("n => document.querySelectorAll('#chart-loss circle.point.series-0').length === n",
            EPOCHS);
        seen.add(EPOCHS);
        assertThat(seen).as("points of the loss curve as sampled").isSorted();
        assertThat(seen.stream().filter(n -> n > 0 && n < EPOCHS).distinct().count())
            .as("the curve was seen part-grown, %s", seen).isGreaterThanOrEqualTo(2);
        for (String chart : List.of("loss", "accuracy", "margin")) {
          assertThat(page.locator("#chart-" + chart + " circle.point.series-0").count()).as(chart).isEqualTo(EPOCHS);
          assertThat(page.locator("#chart-" + chart + " circle.point.series-1").count()).as("eval_" + chart)
              .isEqualTo(EPOCHS);
        }
        assertThat(page.locator("#run-epoch").innerText()).contains(EPOCHS + " of " + EPOCHS);
        assertThat(page.locator("#run-worker").innerText()).startsWith("worker ");
        assertThat(page.locator("#run-attempts").innerText()).isEqualTo("attempt 1");
        assertThat(page.locator("#run-model").isVisible()).isTrue();
        assertThat(page.locator("#run-cancel").isVisible()).as("a finished run cannot be cancelled").isFalse();
        page.locator("#run-panel").scrollIntoViewIfNeeded();
        Browsers.screenshot(page, "training-view.png");
      } catch (RuntimeException | AssertionError e) {
        Browsers.screenshot(page, "failure-training.png");
        throw e;
      }
    }
  }

  @Test
  void aRaterIsRefusedTheTrainingAndBuildsScreens() {
    String rater = TestData.rater("no-training");
    try (BrowserContext context = Browsers.context(1366, 900)) {
      Page page = context.newPage();
      Browsers.login(page, rater, TestData.PASSWORD);
      for (String screen : new String[] {"training", "training/1", "builds"}) {
        page.navigate(Browsers.baseUrl() + screen);
        page.waitForSelector("text=Your role may not open this page");
        assertThat(page.locator("#run-grid, #launch-run, #build-dataset, #leaderboard-show").count()).as(screen)
            .isZero();
      }
      assertThat(page.locator("vaadin-side-nav-item:has-text('Training')").count()).isZero();
      assertThat(page.locator("vaadin-side-nav-item:has-text('Builds')").count()).isZero();
    }
  }

  private static void fill(Page page, String field, String value) {
    var input = page.locator(field + " input");
    input.fill(value);
    input.press("Tab");
  }
}
