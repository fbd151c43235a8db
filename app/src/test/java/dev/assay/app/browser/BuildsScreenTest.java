package dev.assay.ui.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import dev.assay.platform.identity.Roles;
import dev.assay.store.dataset.ImportService;
import dev.assay.store.dataset.format.DatasetFormat;
import dev.assay.trainer.TestModels;
import dev.assay.trainer.model.ModelKind;
import dev.assay.trainer.registry.ModelRegistry;
import dev.assay.trainer.run.RunRequest;
import dev.assay.trainer.run.TrainingRun;
import dev.assay.trainer.run.TrainingRunService;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A researcher starts a best-of-n / DPO build and watches it finish, then reads the generator leaderboard:
 * ratings with their intervals drawn, next to the production reward model's own ranking.
 */
@QuarkusTest
class BuildsScreenTest {
  private static final List<String> GENERATORS = List.of("courteous-bot", "plain-bot", "curt-bot");
  private static final List<String> PROMPTS = List.of("How do I reset my password?", "Where is my order?",
      "Can I change my delivery address?", "How do I cancel my subscription?", "Do you ship abroad?");

  @Inject TrainingRunService runs;
  @Inject ModelRegistry registry;
  @Inject ImportService imports;

  @Test
  void aBuildRunsToItsEndAndTheLeaderboardDrawsItsIntervalsBesideTheRewardModelsRanking() throws Exception {
    ensureProductionModel();
    String candidates = importFile(candidateLines(), DatasetFormat.CANDIDATES, "candidates");
    String judged = importFile(judgedLines(), DatasetFormat.ALPACA_EVAL, "judged");
    String researcher = TestData.user("builder", Roles.RESEARCHER);

    try (BrowserContext context = Browsers.context(1366, 1000)) {
      Page page = context.newPage();
      try {
        Browsers.login(page, researcher, TestData.PASSWORD);
        page.locator("vaadin-side-nav-item:has-text('Builds')").click();
        page.waitForURL(url -> url.endsWith("/builds"));
        choose(page, "#build-dataset", candidates);
        page.locator("#build-margin input").fill("0");
        page.locator("#build-margin input").press("Tab");
        page.locator("#build-start").click();
        page.waitForSelector("#build-state:text('SUCCEEDED')");
        assertThat(page.locator("#build-progress").innerText()).isEqualTo(PROMPTS.size() + " of " + PROMPTS.size()
            + " prompts");
        assertThat(page.locator("#build-counts").innerText()).startsWith(PROMPTS.size() + " SFT records");

        choose(page, "#leaderboard-dataset", judged);
        page.locator("#leaderboard-show").click();
        page.waitForSelector("#leaderboard-chart g.interval");
        assertThat(page.locator("#leaderboard-chart g.interval").count()).isEqualTo(GENERATORS.size());
        assertThat(page.locator("#leaderboard-chart g.interval line.whisker").count())
            .as("each interval drawn: a bar and two caps").isEqualTo(3 * GENERATORS.size());
        // The judge always preferred the courteous answer, then the plain one.
        List<String> ranked = page.locator("#leaderboard-chart g.interval > title").allTextContents();
        assertThat(ranked).hasSize(GENERATORS.size());
        for (int i = 0; i < GENERATORS.size(); i++) {
          assertThat(ranked.get(i)).startsWith(GENERATORS.get(i) + ": ");
        }
        assertThat(page.locator("#leaderboard-grid vaadin-grid-cell-content:text-is('curt-bot')").count()).isOne();
        assertThat(page.locator("#leaderboard-agreement").innerText()).contains("Spearman").contains("Kendall");
      } catch (RuntimeException | AssertionError e) {
        Browsers.screenshot(page, "failure-builds.png");
        throw e;
      }
    }
  }

  private void ensureProductionModel() throws InterruptedException {
    if (registry.production(ModelKind.REWARD.name()).isPresent()) {
      return;
    }
    TrainingRun run = runs.create(new RunRequest(TestModels.snapshot(), null, "hashed", null, 6, 8, null, null, null,
        null, null, 43), "tests");
    Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
    while (runs.get(run.id).state != TrainingRun.State.SUCCEEDED) {
      assertThat(runs.get(run.id).state).isNotEqualTo(TrainingRun.State.FAILED);
      assertThat(Instant.now()).as("training run %d finished", run.id).isBefore(deadline);
      Thread.sleep(200);
    }
    registry.promote(runs.get(run.id).modelId, "tests");
  }

  /** Three answers per prompt, from a courteous, a plain and a curt generator. */
  private static List<String> candidateLines() {
    List<String> lines = new ArrayList<>();
    for (String prompt : PROMPTS) {
      lines.add(json(Map.of("instruction", prompt, "outputs", List.of(
          Map.of("output", "Thank you for asking! I would be glad to help: here is what to do, step by step.",
              "generator", GENERATORS.get(0)),
          Map.of("output", "Here is what to do.", "generator", GENERATORS.get(1)),
          Map.of("output", "Figure it out yourself.", "generator", GENERATORS.get(2))))));
    }
    return lines;
  }

  /** Judged pairs in which the more courteous generator always wins. */
  private static List<String> judgedLines() {
    List<String> lines = new ArrayList<>();
    int n = 0;
    for (String prompt : PROMPTS) {
      for (int better = 0; better < GENERATORS.size(); better++) {
        for (int worse = better + 1; worse < GENERATORS.size(); worse++) {
          // alternate sides so that position does not decide
          boolean flip = n++ % 2 == 1;
          lines.add(json(Map.of("instruction", prompt,
              "output_1", answer(flip ? worse : better), "generator_1", GENERATORS.get(flip ? worse : better),
              "output_2", answer(flip ? better : worse), "generator_2", GENERATORS.get(flip ? better : worse),
              "preference", flip ? 2 : 1)));
        }
      }
    }
    return lines;
  }

  private static String answer(int generator) {
    return switch (generator) {
      case 0 -> "Thank you for asking! I would be glad to help: here is what to do, step by step.";
      case 1 -> "Here is what to do.";
      default -> "Figure it out yourself.";
    };
  }

  private String importFile(List<String> lines, DatasetFormat format, String prefix) {
    String name = TestData.unique(prefix);
    imports.importFile(TestData.writeFile(lines), name, format, null, "test", read -> {});
    return name;
  }

  private static void choose(Page page, String comboBox, String item) {
    page.locator(comboBox + " input").fill(item);
    page.locator("vaadin-combo-box-item:text-is('" + item + "')").click();
  }

  private static String json(Object value) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(value);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
