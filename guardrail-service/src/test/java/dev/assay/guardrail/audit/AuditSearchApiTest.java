package dev.assay.guardrail.audit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.assay.guardrail.policy.PolicyService;
import dev.assay.guardrail.policy.document.PolicyDocuments;
import dev.assay.platform.identity.Roles;
import dev.assay.store.text.ContentHash;
import dev.assay.testing.TestIdentities;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A reported text is found in the decision audit by its hash, and the export takes the same filter. */
@QuarkusTest
class AuditSearchApiTest {
  @Inject PolicyService policies;

  final String admin = TestIdentities.bearer(Roles.ADMIN);

  @Test
  void aDecisionIsFoundByTheHashOfItsResponseOrItsPromptAndByItsCaller() {
    String policy = "audit-search-" + UUID.randomUUID().toString().substring(0, 8);
    policies.createDocument(policy, PolicyDocuments.parse("""
        fallbackResponse: Sorry.
        output:
          - {name: secrets, type: pii, types: [email], action: block}
        """, true), "test");
    String caller = "support-bot-" + UUID.randomUUID().toString().substring(0, 8);
    String service = "Bearer " + TestIdentities.key(Roles.SERVICE, caller);
    String leaked = "Write to jane.doe@example.com for a refund. " + UUID.randomUUID();
    String harmless = "Refunds take five days. " + UUID.randomUUID();
    String blockedTrace = check(service, policy, leaked).getString("trace_id");
    check(service, policy, harmless);

    JsonPath byResponse = given().header("Authorization", admin).queryParam("textHash", ContentHash.of(leaked))
        .get("/api/v1/guardrail/audit").then().statusCode(200).extract().jsonPath();
    assertThat(byResponse.getLong("total")).isEqualTo(1);
    assertThat(byResponse.getString("items[0].trace_id")).isEqualTo(blockedTrace);
    assertThat(byResponse.getString("items[0].decision")).isEqualTo("block");

    // Both decisions share the prompt: its hash (the messages as the audit stores them) finds both.
    String promptHash = byResponse.getString("items[0].prompt_hash");
    JsonPath byPrompt = given().header("Authorization", admin).queryParam("textHash", promptHash)
        .queryParam("caller", caller).get("/api/v1/guardrail/audit").then().statusCode(200).extract().jsonPath();
    assertThat(byPrompt.getList("items.decision")).containsExactly("allow", "block");
    assertThat(given().header("Authorization", admin).queryParam("textHash", promptHash)
        .queryParam("caller", "someone-else").get("/api/v1/guardrail/audit").then().statusCode(200)
        .extract().jsonPath().getLong("total")).isZero();

    String export = given().header("Authorization", admin).queryParam("textHash", ContentHash.of(harmless))
        .get("/api/v1/guardrail/audit/export").then().statusCode(200).extract().asString();
    assertThat(export.strip().split("\n")).hasSize(1);
    assertThat(JsonPath.from(export).getString("decision")).isEqualTo("allow");

    given().header("Authorization", admin).queryParam("textHash", "not-a-hash").get("/api/v1/guardrail/audit")
        .then().statusCode(422).body("field", equalTo("textHash"));
    given().header("Authorization", admin).queryParam("textHash", ContentHash.of(leaked).toUpperCase())
        .get("/api/v1/guardrail/audit/export").then().statusCode(422).body("field", equalTo("textHash"));
  }

  private static JsonPath check(String service, String policy, String response) {
    return given().header("Authorization", service).contentType(ContentType.JSON)
        .body(Map.of("prompt", "How do I get a refund?", "response", response, "policy", policy))
        .post("/api/v1/guardrail/check").then().statusCode(200).extract().jsonPath();
  }
}
