package dev.assay.guardrail.defaults;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.guardrail.policy.Policy;
import dev.assay.guardrail.policy.PolicyService;
import dev.assay.guardrail.policy.document.CheckSpec;
import dev.assay.guardrail.policy.document.PolicyDocument;
import dev.assay.guardrail.policy.document.PolicyDocuments;
import dev.assay.platform.identity.Roles;
import dev.assay.testing.TestIdentities;
import dev.assay.trainer.registry.ModelRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The shipped policy installed on a database that has none, served over REST with its shipped classifiers. */
@QuarkusTest
class DefaultPolicyInstallTest {
  @Inject DefaultPolicyInstaller installer;
  @Inject PolicyService policies;
  @Inject ModelRegistry registry;

  final String service = TestIdentities.bearer(Roles.SERVICE);

  @BeforeEach
  void install() {
    installer.installIfAbsent();
  }

  @Test
  void aDatabaseWithoutADefaultPolicyGetsVersionOneWithTheShippedClassifiersInProduction() {
    List<Policy> versions = policies.versions(DefaultPolicy.NAME);
    Policy first = versions.getLast();
    PolicyDocument installed = PolicyDocuments.fromMap(first.document);

    assertThat(first.version).isEqualTo(1);
    assertThat(first.createdBy).isEqualTo("system");
    assertThat(installed.input()).extracting(CheckSpec::name)
        .containsExactlyElementsOf(DefaultPolicy.document().input().stream().map(CheckSpec::name).toList());
    for (String name : DefaultPolicy.modelNames()) {
      var production = registry.productionClassifier(name);
      assertThat(production).as(name).isPresent();
      assertThat(Stream.concat(installed.input().stream(), installed.output().stream())
          .filter(c -> name.equals(c.model())).map(CheckSpec::calibratedFor).toList()).hasSize(1).allSatisfy(v -> assertThat(v).isEqualTo(production.get().version()));
    }
  }

  @Test
  void installingAgainChangesNothing() {
    int before = policies.versions(DefaultPolicy.NAME).size();

    DefaultPolicyInstaller.Installation again = installer.installIfAbsent();

    assertThat(again.installed()).isFalse();
    assertThat(again.policyVersion()).isEqualTo(1);
    assertThat(policies.versions(DefaultPolicy.NAME)).hasSize(before);
  }

  @Test
  void theInstalledPolicyBlocksAnInjectionPhraseAndAllowsAnOrdinaryRequest() {
    JsonPath blocked = check(ShippedDefaultsTest.INJECTION, "I can't share that.");
    JsonPath allowed = check(ShippedDefaultsTest.BENIGN,
        "Wrap the stems in a damp paper towel and keep them in a jar on the counter.");

    assertThat(blocked.getString("decision")).isEqualTo("block");
    assertThat(blocked.getString("trace[0].check")).isEqualTo("injection-phrases");
    assertThat(blocked.getString("trace[0].verdict")).isEqualTo("hit");
    assertThat(allowed.getString("decision")).as(allowed.prettify()).isEqualTo("allow");
    assertThat(allowed.getList("trace.check")).containsExactly("injection-phrases", "prompt-attack", "harmful-request",
        "harmful-compliance", "pii");
    assertThat(allowed.getList("calibration")).as("the thresholds are bound to the versions serving").isEmpty();
  }

  private JsonPath check(String prompt, String response) {
    return given().header("Authorization", service).contentType(ContentType.JSON)
        .body(Map.of("prompt", prompt, "response", response, "policy", DefaultPolicy.NAME))
        .post("/api/v1/guardrail/check").then().statusCode(200).extract().jsonPath();
  }
}
