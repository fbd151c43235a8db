package dev.assay.ui.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import dev.assay.labeling.campaign.Campaign;
import dev.assay.labeling.campaign.Scale;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Responses (and the prompt) full of script, event handlers, javascript: links, raw HTML and remote
 * images render as harmless text: no script runs (a flag in window stays unset, even after clicking
 * the links and hovering), no img, iframe or svg element exists, and no request leaves for the image's
 * host, in the formatted view and in the diff view. The page carries a Content-Security-Policy.
 */
@QuarkusTest
class HostileContentTest {
  static final String EVIL = """
      Here is my answer. <script>window.__xss = 'script'</script>

      <img src=x onerror="window.__xss = 'img'">

      <svg onload="window.__xss = 'svg'"><circle r="4"/></svg>

      <iframe src="http://evil.example/frame"></iframe>

      [click me](javascript:window.__xss='link') and [data](data:text/html;base64,PHNjcmlwdD53aW5kb3cuX194c3M9MTwvc2NyaXB0Pg==)
      and <a href="javascript:window.__xss='raw-a'">raw anchor</a>

      ![x](http://evil.example/pixel.png)

      <div onmouseover="window.__xss = 'hover'" style="position:fixed;inset:0">cover</div>

      [![nested](http://evil.example/nested.png)](https://example.org/next)

      <style>body { background: url(http://evil.example/bg.png) }</style>
      """;

  @Test
  void hostileResponsesRenderAsTextAndExecuteNothing() {
    String rater = TestData.rater("xss");
    String dataset = TestData.dataset(List.of(TestData.pair(
        List.of(Samples.turn("user", "Say hi <script>window.__xss = 'prompt'</script> "
            + "<img src=http://evil.example/prompt.png> " + TestData.unique("xss"))),
        EVIL,
        "A plain answer with an ![image](https://evil.example/other.png) and <b onclick=\"window.__xss='b'\">bold</b>.")));
    Campaign campaign = TestData.activeCampaign(dataset, Scale.SEVEN_POINT, 1, List.of("helpfulness"),
        List.of(rater), 0, "<script>window.__xss = 'guidelines'</script> Be careful.");

    try (BrowserContext context = Browsers.context(1366, 900)) {
      Page page = context.newPage();
      List<String> requests = new CopyOnWriteArrayList<>();
      page.onRequest(request -> requests.add(request.url()));
      List<String> dialogs = new CopyOnWriteArrayList<>();
      page.onDialog(dialog -> {
        dialogs.add(dialog.message());
        dialog.dismiss();
      });
      try {
        Browsers.login(page, rater, TestData.PASSWORD);
        Response response = page.navigate(Browsers.baseUrl() + "label/" + campaign.id);
        assertThat(response.headers().get("content-security-policy"))
            .contains("img-src 'self'", "connect-src 'self'", "object-src 'none'");
        page.waitForSelector("#response-left .markdown");
        page.waitForFunction("() => document.querySelector('#response-left').innerText.length > 0");

        assertHarmless(page);
        String visible = page.locator("#response-left").innerText() + page.locator("#response-right").innerText();
        assertThat(visible).contains("[image: x] (http://evil.example/pixel.png)");
        String hostile = page.locator(".response").filter(new com.microsoft.playwright.Locator.FilterOptions()
            .setHasText("Here is my answer")).innerText();
        assertThat(hostile).contains("<script>window.__xss = 'script'</script>", "<img src=x onerror=");
        assertThat(page.locator(".conversation").innerText()).contains("<script>window.__xss = 'prompt'</script>");

        // Clicking the neutralised links and hovering over everything runs nothing either (the one
        // real https link opens in a new tab with noopener, checked in assertHarmless).
        for (var link : page.locator("#labeling-view .markdown a:not([href])").all()) {
          link.click(new com.microsoft.playwright.Locator.ClickOptions().setModifiers(List.of()).setForce(true));
        }
        page.locator("#response-left").hover();
        page.locator("#response-right").hover();
        assertThat(page.context().pages()).as("no inert link opened a page").hasSize(1);
        assertThat(page.locator("#labeling-view .markdown a:not([href])").count()).as("javascript: and data: links kept as inert text").isEqualTo(2);
        assertThat(page.locator("#labeling-view .markdown a[href='https://example.org/next'][target=_blank]").count()).isEqualTo(1);

        page.keyboard().press("g"); // guidelines are rendered the same way
        page.waitForSelector("text=Be careful.");
        page.keyboard().press("Escape");
        page.keyboard().press("d"); // diff view: raw text, escaped
        page.waitForSelector("#response-left .markdown.diff");
        assertHarmless(page);
        page.waitForTimeout(500);

        assertThat(requests).as("no request to the image's host").noneMatch(url -> url.contains("evil.example"));
        assertThat(requests).allMatch(url -> url.startsWith(Browsers.baseUrl()) || url.startsWith("data:"));
        assertThat(dialogs).isEmpty();
      } catch (RuntimeException | AssertionError e) {
        Browsers.screenshot(page, "failure-hostile.png");
        throw e;
      }
    }
  }

  private static void assertHarmless(Page page) {
    assertThat(page.evaluate("() => window.__xss === undefined")).as("window.__xss stays unset").isEqualTo(true);
    assertThat(page.evaluate("() => document.querySelectorAll("
        + "'#labeling-view .markdown img, #labeling-view .markdown iframe, #labeling-view .markdown svg, "
        + "#labeling-view .markdown script, #labeling-view .markdown style, #labeling-view .markdown [onerror], "
        + "#labeling-view .markdown [onmouseover], #labeling-view .markdown [onload]').length"))
        .as("no active element from a response").isEqualTo(0);
    assertThat(page.evaluate("() => [...document.querySelectorAll('#labeling-view .markdown a[href]')]"
        + ".every(a => /^(https?:|mailto:)/.test(a.getAttribute('href')) && a.rel.includes('noopener'))"))
        .as("every remaining link is http(s) with noopener").isEqualTo(true);
  }
}
