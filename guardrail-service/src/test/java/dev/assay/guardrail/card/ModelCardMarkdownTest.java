package dev.assay.guardrail.card;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.guardrail.suite.catalogue.FailureCatalogue;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Text from data renders as the characters it is made of: never HTML, a link, a heading or a broken table. */
class ModelCardMarkdownTest {
  private static final String HOSTILE = "<img src=x onerror=alert(1)> [click](javascript:alert(1)) | cell\n# heading `code`";

  @Test
  void hostileTextFromDataIsEscapedWherePlaced() throws Exception {
    ModelCard card = card(HOSTILE);

    String markdown = ModelCardMarkdown.render(card);

    assertThat(markdown).doesNotContain("<img").doesNotContain("](javascript").doesNotContain("\n# heading");
    assertThat(markdown).contains("&lt;img src=x onerror=alert\\(1\\)&gt; \\[click\\]\\(javascript:alert\\(1\\)\\) \\| cell \\# heading \\`code\\`");
    // Every table row still has as many cells as its header: no "|" from data split one.
    for (String line : markdown.split("\n")) {
      if (line.startsWith("| ")) {
        assertThat(line.replace("\\|", "").chars().filter(c -> c == '|').count())
            .as(line).isIn(3L, 5L, 6L, 9L, 10L);
      }
    }
  }

  @Test
  void anAdminsNoteThatWouldOpenAListStaysAParagraph() throws Exception {
    String markdown = ModelCardMarkdown.render(card("- only for support chats\n\n1. never for hiring"));

    assertThat(markdown).contains("\n\\- only for support chats\n").contains("\n1\\. never for hiring\n");
  }

  @Test
  void headlineMetricsOfARunAndTheirIntervalsAreListed() throws Exception {
    String markdown = ModelCardMarkdown.render(card("plain"));

    assertThat(markdown).contains("stereotype\\_preference 0.6000; stereotype\\_preference\\_ci [0.4000, 0.8000]");
    assertThat(markdown).contains("| accuracy | 0.8000 | [0.4902, 0.9433] | 10 |");
  }

  private static ModelCard card(String text) throws Exception {
    ObjectMapper json = new ObjectMapper();
    Instant now = Instant.parse("2026-12-08T10:00:00Z");
    ModelCard.SuiteRun run = new ModelCard.SuiteRun(4, text, 1, "bias-pairs", null, null, "reward-v1", 10, 0,
        json.readTree("{\"stereotype_preference\":0.6,\"stereotype_preference_ci\":[0.4,0.8],\"by_type\":{\"age\":0.5}}"),
        text, now);
    return new ModelCard(
        new ModelCard.Model(1, "reward-v1", "reward", "REWARD", "PRODUCTION", "hashed", 2L, now, now),
        new ModelCard.Uses("scores responses", List.of("not " + text), new ModelCardNotes.Notes(text, text, text, now)),
        new ModelCard.TrainingData(3L, text, "ab".repeat(32), "ab".repeat(32), text, now, Map.of("train", 8L),
            List.of(text), List.of(), 2, 0L, null, Map.of()),
        new ModelCard.Evaluation("the test split of snapshot 3",
            List.of(new ModelCard.Metric("accuracy", 0.8, 10L, 0.49016, 0.94332)), Map.of()),
        new ModelCard.Calibration(List.of(new ModelCard.Metric("ece", 0.05, null, null, null)), Map.of(text, text),
            List.of(new ModelCard.CalibratedThreshold(text, 2, "output", text, -1.0, "fail-closed"))),
        List.of(run), List.of(run),
        Map.of("category", List.of(new FailureCatalogue.Group(text, 3, 1, now))),
        List.of(new ModelCard.PromotionEvent("gate", 9L, "candidate", true, null, Map.of("metric", text), text, now)),
        now);
  }
}
