package dev.assay.ui.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import dev.assay.labeling.campaign.Campaign;
import dev.assay.labeling.campaign.Scale;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Two raters in two browser contexts (one on a desktop, one on a 360 px phone) label the same
 * one-judgement-per-comparison campaign at the same time: both hold a task at once, they alternate
 * submits, and no comparison is ever shown to both, in the browser or in the database.
 */
@QuarkusTest
class TwoRatersTest {
  @Inject
  DataSource dataSource;

  @Test
  void twoRatersAtTheSameTimeNeverGetTheSameComparison() throws Exception {
    String alice = TestData.rater("alice");
    String bob = TestData.rater("bob");
    String dataset = TestData.dataset(Samples.pairs(6, TestData.unique("two")));
    Campaign campaign = TestData.activeCampaign("Arithmetic", dataset, Scale.BINARY, 1, List.of("helpfulness"),
        List.of(alice, bob), 0, "Pick the correct answer.");

    try (BrowserContext desktop = Browsers.context(1366, 900);
        BrowserContext phone = Browsers.context(360, 780)) {
      Page a = desktop.newPage();
      Page b = phone.newPage();
      try {
        Browsers.login(a, alice, TestData.PASSWORD);
        Browsers.login(b, bob, TestData.PASSWORD);
        a.navigate(Browsers.baseUrl() + "label/" + campaign.id);
        b.navigate(Browsers.baseUrl() + "label/" + campaign.id);
        Set<String> seenByA = new HashSet<>();
        Set<String> seenByB = new HashSet<>();
        for (int round = 0; round < 3; round++) {
          // Both hold a lease right now; what they see must differ.
          String leftA = current(a, round);
          String leftB = current(b, round);
          assertThat(leftA).isNotEqualTo(leftB);
          seenByA.add(leftA);
          seenByB.add(leftB);
          if (round == 0) {
            b.keyboard().press("2");
            b.waitForFunction("() => (document.getElementById('choice-summary')?.textContent || '').startsWith('Your choice')");
            Browsers.screenshot(b, "labeling-mobile-360.png");
            assertThat((Boolean) b.evaluate("() => document.documentElement.scrollWidth <= 360"))
                .as("nothing overflows a 360 px screen").isTrue();
          } else {
            b.keyboard().press("2");
          }
          a.keyboard().press("1");
          a.keyboard().press("Control+Enter");
          b.keyboard().press("Control+Enter");
        }
        assertThat(seenByA).doesNotContainAnyElementsOf(seenByB);
        // Closing a context drops a submit the browser has not sent yet: wait until both pages show it stored.
        waitForDoneToday(a, 3);
        waitForDoneToday(b, 3);
      } catch (RuntimeException | AssertionError e) {
        Browsers.screenshot(a, "failure-two-raters-a.png");
        Browsers.screenshot(b, "failure-two-raters-b.png");
        throw e;
      }
    }

    List<Long> judgedByA = comparisons(campaign.id, alice);
    List<Long> judgedByB = comparisons(campaign.id, bob);
    assertThat(judgedByA).hasSize(3).doesNotHaveDuplicates();
    assertThat(judgedByB).hasSize(3).doesNotHaveDuplicates();
    assertThat(judgedByA).doesNotContainAnyElementsOf(judgedByB);
  }

  /** The left and right responses of the task on screen once the page shows the given number done today. */
  private static String current(Page page, int doneToday) {
    waitForDoneToday(page, doneToday);
    return page.locator("#response-left").innerText().strip() + " | " + page.locator("#response-right").innerText().strip();
  }

  private static void waitForDoneToday(Page page, int doneToday) {
    page.waitForFunction("n => (document.getElementById('personal-stats')?.textContent || '').startsWith(n + ' today')",
        doneToday);
  }

  private List<Long> comparisons(long campaignId, String rater) throws Exception {
    try (Connection c = dataSource.getConnection();
        PreparedStatement st = c.prepareStatement(
            "SELECT comparison_id FROM preference WHERE campaign_id = ? AND rater = ? ORDER BY id")) {
      st.setLong(1, campaignId);
      st.setString(2, rater);
      List<Long> ids = new ArrayList<>();
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getLong(1));
        }
      }
      return ids;
    }
  }
}
