package dev.assay.ui.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import dev.assay.guardrail.incident.Incident;
import dev.assay.guardrail.incident.IncidentService;
import dev.assay.guardrail.policy.PolicyService;
import dev.assay.guardrail.policy.document.PolicyDocuments;
import dev.assay.platform.identity.Roles;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * An admin opens an incident by hand on the incidents screen, rolls its policy back from the incident's page
 * (after confirming), marks it mitigated and resolves it; the timeline shows each step. Raters are refused.
 */
@QuarkusTest
class IncidentScreenTest {
  @Inject PolicyService policies;
  @Inject IncidentService incidents;

  @Test
  void anAdminOpensAnIncidentRollsItsPolicyBackAndResolvesIt() {
    String admin = TestData.user("oncall", Roles.ADMIN);
    String policy = TestData.unique("support-bot");
    for (String pattern : new String[] {"(?i)vault combination", "(?i)back door"}) {
      policies.createDocument(policy, PolicyDocuments.parse("""
          fallbackResponse: Sorry, I can't help with that.
          onError: fail-closed
          input:
            - {name: deny, type: regex, patterns: ['%s'], action: block}
          output: []
          """.formatted(pattern), true), "test");
    }

    try (BrowserContext context = Browsers.context(1366, 1100)) {
      Page page = context.newPage();
      try {
        Browsers.login(page, admin, TestData.PASSWORD);
        page.navigate(Browsers.baseUrl() + "incidents");
        page.locator("#incident-title input").fill("Version 2 of " + policy + " lets vault questions through");
        page.locator("#incident-policy input").fill(policy);
        page.locator("#incident-open").click();
        page.waitForURL(url -> url.contains("/incident/"));
        long id = Long.parseLong(page.url().replaceAll(".*/incident/(\\d+).*", "$1"));
        page.waitForSelector("#incident-facts:has-text('open')");
        assertThat(page.locator("#mitigation-policy input").inputValue()).isEqualTo(policy);

        page.locator("#mitigate-policy-rollback").click();
        page.waitForSelector("text=Roll back policy " + policy + " to the version served before it?");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Confirm")).click();
        page.waitForSelector("#incident-timeline:has-text('rolled back policy " + policy + " from v2 to v1')");
        assertThat(policies.resolve(policy, null).version).isEqualTo(1);

        page.locator("#incident-note input").fill("Version 2 dropped the vault rule.");
        page.locator("#incident-add-note").click();
        page.waitForSelector("#incident-timeline:has-text('dropped the vault rule')");
        page.locator("#incident-mitigated").click();
        page.waitForSelector("#incident-facts:has-text('mitigated')");
        Browsers.screenshot(page, "incident.png");
        page.locator("#incident-resolve").click();
        page.waitForSelector("#incident-facts:has-text('resolved')");

        Incident resolved = incidents.get(id);
        assertThat(resolved.status()).isEqualTo(Incident.RESOLVED);
        assertThat(incidents.timeline(id).stream().map(Incident.Event::kind))
            .containsSubsequence("opened", "action", "note", "status", "status");
        assertThat(page.locator("#incident-mitigated").isEnabled()).isFalse();
        assertThat(page.locator("#mitigate-policy-rollback").isEnabled()).isFalse();
      } catch (RuntimeException | AssertionError e) {
        Browsers.screenshot(page, "failure-incident.png");
        throw e;
      }
    }
  }

  @Test
  void aRaterIsRefusedTheIncidentScreens() {
    String rater = TestData.rater("curious");
    try (BrowserContext context = Browsers.context(1366, 900)) {
      Page page = context.newPage();
      Browsers.login(page, rater, TestData.PASSWORD);
      page.navigate(Browsers.baseUrl() + "incidents");
      page.waitForSelector("text=Your role may not open this page");
      assertThat(page.locator("#incident-grid, #incident-open").count()).isZero();
      assertThat(page.locator("vaadin-side-nav-item:has-text('Incidents')").count()).isZero();
    }
  }
}
