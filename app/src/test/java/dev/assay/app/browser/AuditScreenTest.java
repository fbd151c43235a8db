package dev.assay.ui.browser;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Page;
import dev.assay.guardrail.policy.PolicyService;
import dev.assay.guardrail.policy.document.PolicyDocuments;
import dev.assay.platform.identity.Roles;
import dev.assay.store.text.ContentHash;
import dev.assay.testing.TestIdentities;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * An admin finds a live decision (made through {@code POST /guardrail/check}) in the decision audit by its
 * caller and the hash of the reported response, opens its trace, and exports what the filters show.
 */
@QuarkusTest
class AuditScreenTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Inject PolicyService policies;

  @Test
  void aDecisionIsFoundByCallerAndTextHashItsTraceOpensAndTheExportHoldsWhatTheFilterShows() throws Exception {
    String admin = TestData.user("auditor", Roles.ADMIN);
    String policy = TestData.unique("support-bot");
    policies.createDocument(policy, PolicyDocuments.parse("""
        fallbackResponse: Sorry, I can't share that.
        output:
          - {name: contact-details, type: pii, types: [email], action: block}
        """, true), "test");
    String caller = TestData.unique("helpdesk");
    String service = "Bearer " + TestIdentities.key(Roles.SERVICE, caller);
    String reported = "You can reach our engineer at sam.lee@example.com. " + UUID.randomUUID();
    String traceId = check(service, policy, reported);
    check(service, policy, "Our office opens at nine. " + UUID.randomUUID());

    try (BrowserContext context = Browsers.context(1366, 1100)) {
      Page page = context.newPage();
      try {
        Browsers.login(page, admin, TestData.PASSWORD);
        page.locator("vaadin-side-nav-item:has-text('Decision audit')").click();
        page.waitForSelector("#audit-grid");

        page.locator("#audit-caller input").fill(caller);
        page.locator("#audit-search").click();
        page.waitForSelector("#audit-total:has-text('2 decisions')");
        page.locator("#audit-text-hash input").fill(ContentHash.of(reported));
        page.locator("#audit-search").click();
        page.waitForSelector("#audit-total:has-text('1 decision')");

        // The grid keeps the rows of the earlier search hidden for reuse: click the one shown.
        page.locator("#audit-grid >> text=" + traceId + " >> visible=true").first().click();
        page.waitForSelector("#attempt-result[data-trace-id='" + traceId + "'] #attempt-decision[data-decision=block]");
        assertThat(page.locator("#attempt-trace").innerText()).contains("contact-details", "pii", "hit", "output");
        assertThat(page.locator("#attempt-result").innerText()).contains("policy " + policy + ", version 1")
            .doesNotContain("sam.lee@example.com");

        Download download = page.waitForDownload(() -> page.locator("#audit-export-jsonl").click());
        List<String> lines = Files.readAllLines(download.path());
        assertThat(lines).hasSize(1);
        JsonNode row = JSON.readTree(lines.getFirst());
        assertThat(row.get("trace_id").asText()).isEqualTo(traceId);
        assertThat(row.get("caller").asText()).isEqualTo(caller);
        assertThat(row.get("trace").get(0).get("check").asText()).isEqualTo("contact-details");

        page.locator("#audit-text-hash input").fill("not a hash");
        page.locator("#audit-search").click();
        page.waitForSelector("vaadin-notification-card[theme~=error]:has-text('textHash')");
      } catch (RuntimeException | AssertionError e) {
        Browsers.screenshot(page, "failure-audit.png");
        throw e;
      }
    }
  }

  /** A live decision over REST, as a guardrail client makes it; returns its trace id. */
  private static String check(String service, String policy, String response) {
    return given().header("Authorization", service).contentType(ContentType.JSON)
        .body(Map.of("prompt", "How do I reach support?", "response", response, "policy", policy))
        .post("/api/v1/guardrail/check").then().statusCode(200).extract().jsonPath().getString("trace_id");
  }
}
