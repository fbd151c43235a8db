package dev.assay.ui.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import dev.assay.platform.identity.IdentityService;
import dev.assay.platform.identity.Roles;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An open UI session follows its user's current state: deactivation or a demotion applies at the next click. */
@QuarkusTest
class OpenSessionRecheckTest {
  @Inject IdentityService identities;

  @Test
  void aDeactivatedAdminsNextClickEndsOnTheLoginPage() {
    String admin = TestData.user("gone", Roles.ADMIN);
    try (BrowserContext context = Browsers.context(1366, 900)) {
      Page page = context.newPage();
      Browsers.login(page, admin, TestData.PASSWORD);
      page.navigate(Browsers.baseUrl() + "admin/campaigns");
      page.waitForSelector("#new-campaign");

      identities.setActive(admin, false);
      page.locator("#new-campaign").click();

      page.waitForURL(url -> url.contains("/login"), new Page.WaitForURLOptions().setTimeout(15_000));
      assertThat(page.locator(".campaign-form").count()).isZero();
    }
  }

  @Test
  void anAdminDemotedToRaterLosesTheAdminPageAtTheNextClick() {
    String admin = TestData.user("demoted", Roles.ADMIN, Roles.RATER);
    try (BrowserContext context = Browsers.context(1366, 900)) {
      Page page = context.newPage();
      Browsers.login(page, admin, TestData.PASSWORD);
      page.navigate(Browsers.baseUrl() + "admin/campaigns");
      page.waitForSelector("#new-campaign");

      identities.setRoles(admin, List.of(Roles.RATER));
      page.locator("#new-campaign").click();

      page.waitForSelector("text=Your role may not open this page", new Page.WaitForSelectorOptions().setTimeout(15_000));
      assertThat(page.locator(".campaign-form").count()).isZero();
    }
  }
}
