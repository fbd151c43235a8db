package dev.assay.ui.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import dev.assay.platform.identity.Roles;
import dev.assay.trainer.TestModels;
import dev.assay.trainer.registry.ModelRegistry;
import dev.assay.trainer.registry.RegisteredModel;
import dev.assay.trainer.run.RunRequest;
import dev.assay.trainer.run.TrainingRun;
import dev.assay.trainer.run.TrainingRunService;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A researcher opens a trained model's card from the model list: its markdown renders as a page. */
@QuarkusTest
class ModelCardScreenTest {
  @Inject TrainingRunService runs;
  @Inject ModelRegistry registry;

  @Test
  void aTrainedModelsCardRendersWithItsTrainingSnapshot() throws Exception {
    RegisteredModel model = registry.get(trainCandidate());
    String researcher = TestData.user("cards", Roles.RESEARCHER);

    try (BrowserContext context = Browsers.context(1366, 900)) {
      Page page = context.newPage();
      try {
        Browsers.login(page, researcher, TestData.PASSWORD);
        page.navigate(Browsers.baseUrl() + "models");
        page.locator("#card-" + model.id).click();
        page.waitForURL(url -> url.endsWith("/models/" + model.id));
        page.waitForSelector("#model-card h1:has-text('Model card')");
        assertThat(page.locator("#model-card code:has-text('" + model.snapshotHash + "')").count())
            .as("the training snapshot's hash").isPositive();
        assertThat(page.locator("#model-card table").count()).as("markdown tables render as tables").isPositive();
        assertThat(page.locator("#model-card script, #model-card img, #model-card [onerror]").count()).isZero();

        page.navigate(Browsers.baseUrl() + "models/999999999");
        page.waitForSelector("text=999999999");
        assertThat(page.locator("#model-card h1").count()).as("an unknown model has no card").isZero();
      } catch (RuntimeException | AssertionError e) {
        Browsers.screenshot(page, "failure-model-card.png");
        throw e;
      }
    }
  }

  /** A hashed reward model trained through the training queue on the test fixture (a few seconds). */
  private long trainCandidate() throws InterruptedException {
    TrainingRun run = runs.create(new RunRequest(TestModels.snapshot(), null, "hashed", null, 6, 8, null, null, null,
        null, null, 41), "tests");
    Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
    while (Instant.now().isBefore(deadline)) {
      TrainingRun current = runs.get(run.id);
      if (current.state == TrainingRun.State.SUCCEEDED) {
        return current.modelId;
      }
      assertThat(current.state).as("training run %d: %s", run.id, current.error).isNotEqualTo(TrainingRun.State.FAILED);
      Thread.sleep(200);
    }
    throw new AssertionError("training run " + run.id + " did not finish in 3 minutes");
  }
}
