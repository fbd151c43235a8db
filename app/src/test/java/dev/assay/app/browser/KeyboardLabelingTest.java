package dev.assay.ui.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import dev.assay.labeling.campaign.Campaign;
import dev.assay.labeling.campaign.Scale;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * A rater logs in and judges five comparisons with the keyboard alone (no click, no fill): scale keys,
 * tie, both bad, a flag, per-criterion choices, a rationale typed with letters that are also shortcuts,
 * and Ctrl+Enter. The five judgements are then read from the database and checked against what the
 * browser showed on the left and the key pressed.
 */
@QuarkusTest
class KeyboardLabelingTest {
  @Inject
  DataSource dataSource;

  record Shown(String left, String right, String key) {}

  @Test
  void raterCompletesFiveTasksWithTheKeyboardOnly() throws Exception {
    String rater = TestData.rater("kbd");
    String dataset = TestData.dataset(Samples.pairs(6, TestData.unique("kbd")));
    Campaign campaign = TestData.activeCampaign("Code help review", dataset, Scale.SEVEN_POINT, 1,
        List.of("helpfulness", "harmlessness"), List.of(rater), 1000,
        "Prefer the response that is **correct** first, then the one that is clearer.");

    try (BrowserContext context = Browsers.context(1366, 900)) {
      Page page = context.newPage();
      List<String> errors = new ArrayList<>();
      page.onPageError(errors::add);
      try {
        run(page, rater, campaign, errors);
      } catch (RuntimeException | AssertionError e) {
        Browsers.screenshot(page, "failure-keyboard.png");
        throw e;
      }
    }
  }

  private void run(Page page, String rater, Campaign campaign, List<String> errors) throws Exception {
    {
      Browsers.loginWithKeyboard(page, rater, TestData.PASSWORD);
      // The first campaign's "Start labeling" button has the focus on the landing page.
      page.waitForSelector("vaadin-button.start-labeling");
      page.waitForFunction("() => document.activeElement && document.activeElement.classList.contains('start-labeling')");
      page.keyboard().press("Enter");
      page.waitForURL(url -> url.contains("/label/" + campaign.id));

      List<Shown> shown = new ArrayList<>();
      boolean screenshotOfRichSample = false;
      String[] keys = {"1", "7", "t", "b", "3"};
      for (int i = 0; i < keys.length; i++) {
        page.waitForFunction("n => (document.getElementById('personal-stats')?.textContent || '').startsWith(n + ' today')", i);
        String left = page.locator("#response-left").innerText();
        String right = page.locator("#response-right").innerText();
        shown.add(new Shown(left, right, keys[i]));
        if (i == 0) {
          page.keyboard().press("?");
          page.waitForSelector("text=Keyboard shortcuts");
          page.keyboard().press("Escape");
          page.keyboard().press("g");
          page.waitForSelector("text=Prefer the response that is");
          page.keyboard().press("Escape");
        }
        page.keyboard().press(keys[i]);
        page.waitForFunction("() => (document.getElementById('choice-summary')?.textContent || '').startsWith('Your choice')");
        boolean richSample = page.locator("#labeling-view .conversation").innerText().contains("orders");
        if (i == 0 || (richSample && !screenshotOfRichSample)) {
          Browsers.screenshot(page, "labeling-desktop.png");
          screenshotOfRichSample |= richSample;
        }
        if (i == 1) {
          page.keyboard().press("u"); // flag: unsafe
          page.waitForSelector("vaadin-checkbox[data-flag=unsafe][checked]");
        }
        if (i == 2) {
          // Letters that are shortcuts must type into the rationale, not trigger anything.
          page.keyboard().press("n");
          page.waitForFunction("() => document.activeElement && document.activeElement.closest('#rationale')");
          page.keyboard().type("both say 7 but this one is better: tbs1");
          page.keyboard().press("Escape");
        }
        if (i == 4) {
          // Per-criterion: C focuses the first criterion's choices; arrows pick; Tab goes to the next.
          page.keyboard().press("c");
          page.waitForFunction("() => document.activeElement && document.activeElement.closest('[data-criterion=helpfulness]')");
          page.keyboard().press("Space");
          page.keyboard().press("Tab");
          page.keyboard().press("ArrowRight");
          page.keyboard().press("Escape");
        }
        page.keyboard().press("Control+Enter");
      }
      page.waitForFunction("() => (document.getElementById('personal-stats')?.textContent || '').startsWith('5 today')");
      assertThat(errors).as("no JavaScript errors").isEmpty();
      Path desktop = Browsers.SCREENSHOTS.resolve("labeling-desktop.png");
      assertThat(desktop).exists();

      List<Map<String, Object>> rows = judgements(rater);
      assertThat(rows).hasSize(5);
      for (int i = 0; i < 5; i++) {
        Map<String, Object> row = rows.get(i);
        Shown s = shown.get(i);
        boolean aShownLeft = (boolean) row.get("a_shown_left");
        String a = (String) row.get("a");
        String b = (String) row.get("b");
        // The stored position is the one the browser showed.
        assertThat(normal(s.left())).as("left text of task %d", i)
            .contains(firstLine(aShownLeft ? a : b));
        assertThat(normal(s.right())).contains(firstLine(aShownLeft ? b : a));
        String leftChoice = aShownLeft ? "A" : "B";
        String rightChoice = aShownLeft ? "B" : "A";
        switch (s.key()) {
          case "1" -> assertThat(row).containsEntry("choice", leftChoice).containsEntry("strength", aShownLeft ? 1.0 : 7.0);
          case "7" -> assertThat(row).containsEntry("choice", rightChoice).containsEntry("strength", aShownLeft ? 7.0 : 1.0);
          case "t" -> assertThat(row).containsEntry("choice", "TIE").containsEntry("strength", 4.0);
          case "b" -> assertThat(row).containsEntry("choice", "BOTH_BAD").containsEntry("strength", null);
          case "3" -> assertThat(row).containsEntry("choice", leftChoice).containsEntry("strength", aShownLeft ? 3.0 : 5.0);
          default -> throw new IllegalStateException();
        }
        assertThat((Long) row.get("time_spent_ms")).isPositive();
      }
      assertThat(rows.get(1).get("flags")).isEqualTo(List.of("unsafe"));
      assertThat(rows.get(2).get("rationale")).isEqualTo("both say 7 but this one is better: tbs1");
      assertThat(rows.get(0).get("rationale")).isNull();
      boolean aLeft4 = (boolean) rows.get(4).get("a_shown_left");
      assertThat((String) rows.get(4).get("criteria"))
          .contains("\"helpfulness\": \"" + (aLeft4 ? "A" : "B") + "\"")
          .contains("\"harmlessness\": \"TIE\"");
    }
  }

  private List<Map<String, Object>> judgements(String rater) throws Exception {
    try (Connection c = dataSource.getConnection();
        PreparedStatement st = c.prepareStatement(
            "SELECT p.choice, p.strength, p.a_shown_left, p.flags, p.rationale, p.time_spent_ms,"
                + " CAST(p.criteria AS text) AS criteria, ta.body AS a, tb.body AS b"
                + " FROM preference p JOIN comparison cm ON cm.id = p.comparison_id"
                + " JOIN text_blob ta ON ta.hash = cm.response_a_hash JOIN text_blob tb ON tb.hash = cm.response_b_hash"
                + " WHERE p.rater = ? ORDER BY p.id")) {
      st.setString(1, rater);
      List<Map<String, Object>> rows = new ArrayList<>();
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          Map<String, Object> row = new java.util.HashMap<>();
          row.put("choice", rs.getString("choice"));
          double strength = rs.getDouble("strength");
          row.put("strength", rs.wasNull() ? null : strength);
          row.put("a_shown_left", rs.getBoolean("a_shown_left"));
          row.put("flags", List.of((String[]) rs.getArray("flags").getArray()));
          row.put("rationale", rs.getString("rationale"));
          row.put("time_spent_ms", rs.getLong("time_spent_ms"));
          row.put("criteria", rs.getString("criteria"));
          row.put("a", rs.getString("a"));
          row.put("b", rs.getString("b"));
          rows.add(row);
        }
      }
      return rows;
    }
  }

  /** Markdown renders differently from its source; compare the first line of prose, unformatted. */
  private static String firstLine(String markdown) {
    String line = markdown.strip().split("\n")[0];
    return normal(line.replace("**", "").replace("`", ""));
  }

  private static String normal(String text) {
    return text.replaceAll("\\s+", " ").strip();
  }
}
