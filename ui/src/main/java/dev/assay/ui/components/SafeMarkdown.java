package dev.assay.ui.components;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.commonmark.Extension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.NodeRenderer;
import org.commonmark.renderer.html.DefaultUrlSanitizer;
import org.commonmark.renderer.html.HtmlNodeRendererContext;
import org.commonmark.renderer.html.HtmlRenderer;
import org.commonmark.renderer.html.HtmlWriter;

/**
 * Renders model output (untrusted text) from markdown to HTML that is safe to set as {@code innerHTML}.
 *
 * <ul>
 *   <li>Raw HTML in the text (blocks and inline) is escaped, never passed through: {@code <script>} shows
 *       as text.
 *   <li>Links keep their text; only {@code http}, {@code https} and {@code mailto} targets stay
 *       clickable, and they open in a new tab with {@code rel="noopener noreferrer nofollow"}. Any other
 *       scheme ({@code javascript:}, {@code data:}, {@code vbscript:} ...) loses its {@code href}.
 *   <li>Images never load: an image becomes the text {@code [image: alt]} followed by its address as
 *       plain text, so a response cannot make the rater's browser call a tracking pixel.
 *   <li>Code blocks, lists and GFM tables render as usual.
 *   <li>Text longer than {@link #MAX_MARKDOWN_CHARS}, or with a line nested deeper than
 *       {@link #MAX_NESTING} quotes and list items, is shown as plain escaped text: the parser and
 *       renderer recurse per level, and a response of 100,000 {@code >} would exhaust the stack.
 * </ul>
 */
public final class SafeMarkdown {
  private static final Set<String> LINK_SCHEMES = Set.of("http", "https", "mailto");
  private static final List<Extension> EXTENSIONS = List.of(TablesExtension.create());
  private static final Parser PARSER = Parser.builder().extensions(EXTENSIONS).build();
  private static final HtmlRenderer RENDERER = HtmlRenderer.builder()
      .extensions(EXTENSIONS)
      .escapeHtml(true)
      .sanitizeUrls(true)
      .urlSanitizer(new DefaultUrlSanitizer(LINK_SCHEMES))
      .nodeRendererFactory(InertImageRenderer::new)
      .attributeProviderFactory(context -> SafeMarkdown::linkAttributes)
      .build();

  /** Longer texts are not parsed as markdown. */
  static final int MAX_MARKDOWN_CHARS = 100_000;

  /** Deeper quotes and lists are not parsed as markdown; real answers stay far below. */
  static final int MAX_NESTING = 32;

  private SafeMarkdown() {}

  /** The HTML for a markdown text; null renders as empty. */
  public static String toHtml(String markdown) {
    if (markdown == null || markdown.isEmpty()) {
      return "";
    }
    if (markdown.length() > MAX_MARKDOWN_CHARS || nestingExceeds(markdown, MAX_NESTING)) {
      return "<p class=\"plain-text\">" + escape(markdown) + "</p>";
    }
    return RENDERER.render(PARSER.parse(markdown));
  }

  /**
   * Whether any line opens more than {@code limit} block containers: quote markers, list markers, and
   * indentation (a nested list item is indented by at least two columns per level). Over-counts rather
   * than under-counts, so the worst case is plain text.
   */
  static boolean nestingExceeds(String text, int limit) {
    int depth = 0;
    int indent = 0;
    boolean lineStart = true;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n') {
        depth = 0;
        indent = 0;
        lineStart = true;
        continue;
      }
      if (!lineStart) {
        continue;
      }
      if (c == ' ') {
        indent++;
      } else if (c == '\t') {
        indent += 4;
      } else if (c == '>') {
        depth++;
      } else if ((c == '-' || c == '*' || c == '+') && followedBySpace(text, i)) {
        depth++;
      } else if (Character.isDigit(c)) {
        int end = i;
        while (end < text.length() && Character.isDigit(text.charAt(end))) {
          end++;
        }
        if (end < text.length() && (text.charAt(end) == '.' || text.charAt(end) == ')') && followedBySpace(text, end)) {
          depth++;
          i = end;
        } else {
          lineStart = false;
        }
      } else {
        lineStart = false;
      }
      if (depth + indent / 2 > limit) {
        return true;
      }
    }
    return false;
  }

  private static boolean followedBySpace(String text, int i) {
    return i + 1 == text.length() || text.charAt(i + 1) == ' ' || text.charAt(i + 1) == '\t';
  }

  /** Escapes text for HTML element content and attribute values. */
  public static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  private static void linkAttributes(Node node, String tagName, Map<String, String> attributes) {
    if (!(node instanceof Link) || !"a".equals(tagName)) {
      return;
    }
    String href = attributes.get("href");
    if (href == null || !allowedScheme(href)) {
      attributes.remove("href");
      attributes.put("class", "inert-link");
      attributes.put("title", "Link removed: only http, https and mailto links are kept");
      return;
    }
    attributes.put("rel", "noopener noreferrer nofollow");
    attributes.put("target", "_blank");
    attributes.put("referrerpolicy", "no-referrer");
    attributes.put("title", href);
  }

  /** Absolute http/https/mailto targets only: relative links would point into Assay itself. */
  static boolean allowedScheme(String href) {
    String trimmed = href.strip();
    int colon = trimmed.indexOf(':');
    if (colon <= 0) {
      return false;
    }
    String scheme = trimmed.substring(0, colon).toLowerCase(Locale.ROOT);
    return LINK_SCHEMES.contains(scheme) && (scheme.equals("mailto") || trimmed.startsWith("//", colon + 1));
  }

  /** Renders an image as text: its alt text and its address, neither of which the browser fetches. */
  private static final class InertImageRenderer implements NodeRenderer {
    private final HtmlWriter html;

    InertImageRenderer(HtmlNodeRendererContext context) {
      this.html = context.getWriter();
    }

    @Override
    public Set<Class<? extends Node>> getNodeTypes() {
      return Set.of(Image.class);
    }

    @Override
    public void render(Node node) {
      Image image = (Image) node;
      StringBuilder alt = new StringBuilder();
      for (Node child = image.getFirstChild(); child != null; child = child.getNext()) {
        collectText(child, alt);
      }
      html.tag("span", Map.of("class", "inert-image", "title", "Images are not loaded"));
      html.text("[image: " + (alt.isEmpty() ? "no description" : alt) + "]");
      if (image.getDestination() != null && !image.getDestination().isBlank()) {
        html.text(" (" + image.getDestination() + ")");
      }
      html.tag("/span");
    }

    private static void collectText(Node node, StringBuilder out) {
      if (node instanceof Text text) {
        out.append(text.getLiteral());
      }
      for (Node child = node.getFirstChild(); child != null; child = child.getNext()) {
        collectText(child, out);
      }
    }
  }
}
