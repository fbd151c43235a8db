package dev.assay.ui.components;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SafeMarkdownTest {

  @Test
  void rendersCodeBlocksTablesAndLists() {
    String html = SafeMarkdown.toHtml("""
        # Title

        - one
        - two

        1. first

        ```java
        if (a < b) { return "x"; }
        ```

        | col | other |
        |-----|-------|
        | 1   | *two* |
        """);
    assertThat(html).contains("<h1>Title</h1>", "<ul>", "<li>one</li>", "<ol>",
        "<pre><code class=\"language-java\">if (a &lt; b) { return &quot;x&quot;; }",
        "<table>", "<th>col</th>", "<td><em>two</em></td>");
  }

  @Test
  void escapesRawHtmlBlocksAndInlineHtml() {
    String html = SafeMarkdown.toHtml("""
        <script>window.pwned = 1</script>

        Text with <img src=x onerror="window.pwned=2"> inline and <b onclick="x()">bold</b>.

        <iframe src="https://evil.example"></iframe>
        """);
    assertThat(html).doesNotContain("<script", "<img", "<iframe", "<b ");
    assertThat(html).contains("&lt;script&gt;window.pwned = 1&lt;/script&gt;", "&lt;img src=x onerror=");
  }

  @Test
  void dropsTheHrefOfJavascriptAndDataLinks() {
    String html = SafeMarkdown.toHtml(
        "[click](javascript:alert(1)) [data](data:text/html;base64,PHNjcmlwdD4=) "
            + "[JS](JaVaScRiPt:alert(1)) [rel](/admin) <javascript:alert(2)>");
    assertThat(html).doesNotContainIgnoringCase("href=\"javascript").doesNotContain("href=\"data");
    assertThat(html).doesNotContain("href=\"/admin");
    assertThat(html).contains("class=\"inert-link\"").contains(">click</a>");
  }

  @Test
  void httpLinksOpenInANewTabWithoutOpenerOrReferrer() {
    String html = SafeMarkdown.toHtml("See [the docs](https://example.org/a?b=1&c=2).");
    assertThat(html).contains("href=\"https://example.org/a?b=1&amp;c=2\"",
        "rel=\"noopener noreferrer nofollow\"", "target=\"_blank\"");
  }

  @Test
  void imagesNeverBecomeImgTags() {
    String html = SafeMarkdown.toHtml(
        "![pixel](http://evil.example/pixel.png) and ![<b>x</b>](javascript:alert(1) \"t\")\n\n"
            + "[![nested](http://evil.example/n.png)](https://example.org)");
    assertThat(html).doesNotContain("<img", "src=");
    assertThat(html).contains("[image: pixel] (http://evil.example/pixel.png)");
    assertThat(html).doesNotContain("<b>x</b>");
  }

  @Test
  void attributeBreakoutInLinkTitlesIsEscaped() {
    String html = SafeMarkdown.toHtml("[x](https://example.org \"a\\\" onmouseover=\\\"alert(1)\")");
    assertThat(html).doesNotContain("\" onmouseover=\"");
  }

  @Test
  void nullAndEmptyRenderAsEmpty() {
    assertThat(SafeMarkdown.toHtml(null)).isEmpty();
    assertThat(SafeMarkdown.toHtml("")).isEmpty();
  }

  @Test
  void escapeCoversTheFiveSpecialCharacters() {
    assertThat(SafeMarkdown.escape("<a href=\"x\">'&'</a>"))
        .isEqualTo("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  }

  @ParameterizedTest
  @ValueSource(strings = {">", "- ", "> - ", "1. "})
  void deeplyNestedInputRendersQuicklyAsPlainEscapedText(String marker) {
    String text = marker.repeat(100_000) + "<b>deep</b>";
    String[] html = new String[1];

    long started = System.nanoTime();
    assertThatCode(() -> html[0] = SafeMarkdown.toHtml(text)).doesNotThrowAnyException();

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
    assertThat(html[0]).doesNotContain("<blockquote>", "<li>", "<b>").contains("&lt;b&gt;deep&lt;/b&gt;");
  }

  @Test
  void nestingWithinTheBoundStillRenders() {
    String html = SafeMarkdown.toHtml("> ".repeat(5) + "quoted\n\n- a\n  - b\n    - c");

    assertThat(html).contains("<blockquote>", "<li>c</li>");
  }

  @Test
  void textOverTheSizeBoundRendersAsPlainEscapedText() {
    String text = "*word* ".repeat(20_000) + "<i>";

    String html = SafeMarkdown.toHtml(text);

    assertThat(html).doesNotContain("<em>").endsWith("&lt;i&gt;</p>");
  }
}
