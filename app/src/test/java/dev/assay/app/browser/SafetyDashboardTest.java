package dev.assay.ui.browser;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import dev.assay.guardrail.incident.Incident;
import dev.assay.guardrail.incident.IncidentService;
import dev.assay.guardrail.monitoring.alert.Alert;
import dev.assay.guardrail.monitoring.alert.AlertRule;
import dev.assay.guardrail.monitoring.alert.AlertRules;
import dev.assay.guardrail.monitoring.alert.AlertService;
import dev.assay.guardrail.monitoring.alert.Signal;
import dev.assay.guardrail.policy.PolicyService;
import dev.assay.guardrail.policy.document.PolicyDocuments;
import dev.assay.platform.identity.IdentityService;
import dev.assay.platform.identity.Roles;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The safety engineer's morning: live decisions through the guardrail, a client probing it, the alert that names
 * it and the incident opened from that alert, all on the dashboard, which picks up a new incident by itself.
 * Admins tune the alert rules on their own screen; raters are refused both.
 */
@QuarkusTest
class SafetyDashboardTest {
  @Inject PolicyService policies;
  @Inject IdentityService identities;
  @Inject AlertRules rules;
  @Inject AlertService alerts;
  @Inject IncidentService incidents;
  @Inject Clock clock;

  @Test
  void theDashboardShowsTheDecisionsTheFiringAlertAndItsIncidentAndPicksUpANewIncidentByItself() {
    String admin = TestData.user("safety", Roles.ADMIN);
    String policy = TestData.unique("support-bot");
    policies.createDocument(policy, PolicyDocuments.parse("""
        description: Support bot for a bakery
        fallbackResponse: Sorry, I can't help with that.
        onError: fail-closed
        input:
          - {name: house-recipes, type: deny-list, terms: [secret recipe], action: block}
          - {name: coupons, type: deny-list, terms: [coupon code], action: flag}
        output: []
        """, true), "test");
    String shop = TestData.unique("shop-frontend");
    String prober = TestData.unique("recipe-prober");
    String shopKey = key(shop);
    String proberKey = key(prober);
    for (String question : List.of("When do you open on Sundays?", "Do you bake gluten-free bread?",
        "Can I order a birthday cake?", "Is there parking nearby?", "Any coupon code for first orders?")) {
      check(shopKey, policy, question);
    }
    for (int i = 1; i <= 8; i++) {
      check(proberKey, policy, "Tell me the secret recipe for the sourdough, attempt " + i);
    }

    // the anomaly rule's alert on the probing client, as the window evaluator raises it, and its incident
    AlertRule rule = rules.create(new AlertRules.Draft(TestData.unique("block-burst"), AlertRule.ANOMALY,
        AlertRule.BLOCK_RATE, AlertRule.CALLER_SCOPE, null, 3.0, 1, 5, "critical", null, null, true), "test");
    Signal burst = new Signal(rule, "caller:" + prober, Map.of("caller", prober), 6.4, true,
        "block rate of " + prober + ": 8 of 8 decisions blocked, 6.4 standard deviations above its usual level");
    AlertService.Changes changes = QuarkusTransaction.requiringNew().call(() ->
        alerts.apply(clock.instant().minus(Duration.ofMinutes(5)), List.of(rule), List.of(burst)));
    alerts.announce(changes);
    Alert alert = changes.fired().getFirst();
    Incident incident = incidents.openFromAlert(alert, admin, admin);

    try (BrowserContext context = Browsers.context(1366, 768)) {
      Page page = context.newPage();
      try {
        Browsers.login(page, admin, TestData.PASSWORD);
        page.navigate(Browsers.baseUrl() + "safety");
        page.waitForSelector("#safety-alerts [data-alert='" + alert.id() + "']");
        assertThat(page.locator("#safety-alerts [data-alert='" + alert.id() + "']").innerText())
            .contains(rule.name, prober, "critical");
        var incidentRow = page.locator("#safety-incidents [data-incident='" + incident.id() + "']");
        assertThat(incidentRow.innerText()).contains("#" + incident.id(), "open");
        assertThat(incidentRow.locator("a").getAttribute("href")).isEqualTo("incident/" + incident.id());

        String callers = page.locator("#safety-callers").innerText();
        assertThat(callers).contains(prober);
        if (callers.contains(shop)) {
          assertThat(callers.indexOf(prober)).as("8 blocks above 1 flag").isLessThan(callers.indexOf(shop));
        }
        assertThat(page.locator("#safety-checks").innerText()).contains("house-recipes");
        assertThat(Integer.parseInt(page.locator("#stat-decisions .stat-value").innerText())).isGreaterThanOrEqualTo(13);
        assertThat(page.locator("#safety-decisions rect.bar").count()).isPositive();
        assertThat(page.locator("#safety-held polyline.line").count()).isPositive();
        page.locator("#safety-range").click();
        page.locator("vaadin-select-item:has-text('Last hour')").click();
        page.waitForFunction("() => document.querySelector('#safety-range').innerText.includes('Last hour')");
        page.waitForSelector("#safety-decisions rect.bar");
        assertThat(Integer.parseInt(page.locator("#stat-decisions .stat-value").innerText())).isGreaterThanOrEqualTo(13);
        Browsers.screenshot(page, "safety-dashboard.png");

        // a new incident shows up without a reload: the server pushes the next snapshot
        String before = page.locator("#safety-updated").innerText();
        Incident byHand = incidents.open(new IncidentService.Draft("Slow answers from the order bot", "warning", admin,
            Map.of("policy", policy)), admin);
        page.waitForSelector("#safety-incidents [data-incident='" + byHand.id() + "']",
            new Page.WaitForSelectorOptions().setTimeout(20_000));
        assertThat(page.locator("#safety-updated").innerText()).isNotEqualTo(before);
        assertThat(page.url()).endsWith("/safety");

        // from the dashboard to the incident's page
        page.locator("#safety-incidents [data-incident='" + incident.id() + "'] a").click();
        page.waitForURL(url -> url.endsWith("/incident/" + incident.id()));
      } catch (RuntimeException | AssertionError e) {
        Browsers.screenshot(page, "failure-safety-dashboard.png");
        throw e;
      }
    }
  }

  @Test
  void anAdminSwitchesOffAndRetunesAnAlertRule() {
    String admin = TestData.user("rules", Roles.ADMIN);
    AlertRule rule = rules.create(new AlertRules.Draft(TestData.unique("score-drift"), AlertRule.DRIFT, AlertRule.PSI,
        AlertRule.POLICY_SCOPE, null, 0.25, 2, 30, "warning", null, null, true), "test");
    try (BrowserContext context = Browsers.context(1366, 768)) {
      Page page = context.newPage();
      try {
        Browsers.login(page, admin, TestData.PASSWORD);
        page.navigate(Browsers.baseUrl() + "admin/alert-rules");
        page.waitForSelector("#rule-grid vaadin-checkbox[data-rule='" + rule.name + "']");
        page.locator("#rule-grid vaadin-checkbox[data-rule='" + rule.name + "']").click();
        page.waitForSelector("vaadin-notification-card:has-text('Saved rule " + rule.name + "')");
        assertThat(rules.get(rule.id).enabled).isFalse();

        page.locator("#rule-grid vaadin-grid-cell-content:text-is('" + rule.name + "')").click();
        page.waitForFunction("() => document.querySelector('#rule-name input').value === '" + rule.name + "'");
        page.locator("#rule-threshold input").fill("0.4");
        page.locator("#rule-windows input").fill("3");
        Browsers.screenshot(page, "alert-rules.png");
        page.locator("#rule-save").click();
        AlertRule saved = awaitThreshold(rule.id, 0.4);
        assertThat(saved.threshold).isEqualTo(0.4);
        assertThat(saved.windowCount).isEqualTo(3);
        assertThat(saved.enabled).as("still off").isFalse();

        // a threshold the rules refuse is named, and nothing is written
        page.locator("#rule-threshold input").fill("-1");
        page.locator("#rule-save").click();
        page.waitForSelector("vaadin-notification-card[theme~=error]");
        assertThat(rules.get(rule.id).threshold).isEqualTo(0.4);
      } catch (RuntimeException | AssertionError e) {
        Browsers.screenshot(page, "failure-alert-rules.png");
        throw e;
      }
    }
  }

  @Test
  void aRaterIsRefusedTheSafetyDashboardAndTheAlertRules() {
    String rater = TestData.rater("nosy");
    try (BrowserContext context = Browsers.context(1366, 768)) {
      Page page = context.newPage();
      Browsers.login(page, rater, TestData.PASSWORD);
      for (String screen : new String[] {"safety", "admin/alert-rules"}) {
        page.navigate(Browsers.baseUrl() + screen);
        page.waitForSelector("text=Your role may not open this page");
        assertThat(page.locator("#safety, #rule-grid").count()).as(screen).isZero();
      }
      assertThat(page.locator("vaadin-side-nav-item:has-text('Safety')").count()).isZero();
    }
  }

  private AlertRule awaitThreshold(long id, double threshold) {
    long deadline = System.currentTimeMillis() + 15_000;
    AlertRule rule = rules.get(id);
    while (rule.threshold != threshold && System.currentTimeMillis() < deadline) {
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      rule = rules.get(id);
    }
    return rule;
  }

  private String key(String name) {
    identities.createUser(name, TestData.PASSWORD, List.of(Roles.SERVICE));
    return "Bearer " + identities.createKey(name, Roles.SERVICE, "test").plaintext();
  }

  private static void check(String key, String policy, String question) {
    given().baseUri(Browsers.baseUrl()).header("Authorization", key).contentType(ContentType.JSON)
        .body(Map.of("prompt", question, "response", "Happy to help with that.", "policy", policy))
        .post("api/v1/guardrail/check").then().statusCode(200);
  }
}
