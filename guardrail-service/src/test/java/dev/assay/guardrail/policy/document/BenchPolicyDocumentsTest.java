package dev.assay.guardrail.policy.document;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.guardrail.engine.PolicyCompiler;
import dev.assay.testing.RepositoryFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The policies the benchmarks post are documents the application takes. */
class BenchPolicyDocumentsTest {

  @Test
  void theRulesOnlyPolicyParsesAndCompilesWithoutAnyModel() throws IOException {
    String yaml = Files.readString(RepositoryFiles.root().resolve("infra/bench/policies/rules-only.yaml"));

    PolicyDocument document = PolicyDocuments.parse(yaml, true);
    // No classifier is served: a classifier check would be refused here.
    new PolicyCompiler(null, name -> Optional.empty()).validate(document);

    assertThat(document.input()).extracting(CheckSpec::name).containsExactly("injection", "secrets-asked");
    assertThat(document.output()).extracting(CheckSpec::name).containsExactly("pii", "banned");
    assertThat(document.output()).extracting(CheckSpec::type).doesNotContain(CheckSpec.REWARD);
  }
}
