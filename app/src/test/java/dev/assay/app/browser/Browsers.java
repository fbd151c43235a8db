package dev.assay.ui.browser;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.ViewportSize;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * One headless Debian Chromium for all browser tests (started on first use, closed when the JVM ends),
 * driven by Playwright for Java without its own browser download.
 */
final class Browsers {
  static final Path CHROMIUM = Paths.get(System.getenv().getOrDefault("ASSAY_CHROMIUM", "/usr/bin/chromium"));
  static final Path SCREENSHOTS = Paths.get("target", "screenshots");
  private static Playwright playwright;
  private static Browser browser;

  private Browsers() {}

  static synchronized Browser browser() {
    if (browser == null) {
      if (!Files.isExecutable(CHROMIUM)) {
        throw new IllegalStateException(CHROMIUM + " is missing: apt-get install -y chromium");
      }
      playwright = Playwright.create(new Playwright.CreateOptions()
          .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
      browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
          .setExecutablePath(CHROMIUM)
          .setHeadless(true)
          .setArgs(List.of("--no-sandbox", "--disable-background-networking", "--disable-component-update",
              "--disable-sync", "--no-first-run", "--disable-dev-shm-usage")));
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          browser.close();
          playwright.close();
        } catch (RuntimeException ignored) {
          // the JVM is ending anyway
        }
      }));
    }
    return browser;
  }

  static BrowserContext context(int width, int height) {
    BrowserContext context = browser().newContext(new Browser.NewContextOptions()
        .setViewportSize(new ViewportSize(width, height))
        .setLocale("en-GB")
        .setTimezoneId("Europe/Berlin"));
    context.setDefaultTimeout(20_000);
    return context;
  }

  static String baseUrl() {
    int port = ConfigProvider.getConfig().getOptionalValue("quarkus.http.test-port", Integer.class).orElse(8081);
    return "http://localhost:" + port + "/";
  }

  /** Logs in with the keyboard only: the username field has the focus when the page opens. */
  static void loginWithKeyboard(Page page, String username, String password) {
    page.navigate(baseUrl() + "login");
    page.waitForSelector("vaadin-login-form input[name=username]");
    page.waitForFunction("() => document.activeElement && document.activeElement.closest && "
        + "(document.activeElement.getAttribute('name') === 'username' || "
        + "(document.activeElement.shadowRoot == null && document.activeElement.tagName === 'INPUT'))");
    page.keyboard().type(username);
    page.keyboard().press("Tab");
    page.keyboard().type(password);
    page.keyboard().press("Enter");
    page.waitForURL(url -> !url.contains("/login"));
  }

  static void login(Page page, String username, String password) {
    page.navigate(baseUrl() + "login");
    page.locator("vaadin-login-form input[name=username]").fill(username);
    page.locator("vaadin-login-form input[name=password]").fill(password);
    page.locator("vaadin-login-form vaadin-button[slot=submit], vaadin-login-form vaadin-button").first().click();
    page.waitForURL(url -> !url.contains("/login"));
  }

  /**
   * A screenshot for the README: into the repository's {@code docs/} (the test runs in {@code app/}), or only
   * under {@code target/screenshots} when there is no such directory.
   */
  static Path screenshot(Page page, String name) {
    Path file = SCREENSHOTS.resolve(name);
    page.screenshot(new Page.ScreenshotOptions().setPath(file).setFullPage(false));
    return file;
  }
}
