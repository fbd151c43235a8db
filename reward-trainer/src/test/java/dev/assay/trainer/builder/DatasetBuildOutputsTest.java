package dev.assay.trainer.builder;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.assay.platform.identity.Roles;
import dev.assay.store.dataset.ImportService;
import dev.assay.testing.TestIdentities;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A build never adds its records to a dataset that exists unless the caller asks for it. */
@QuarkusTest
class DatasetBuildOutputsTest {
  @Inject ImportService imports;

  @Test
  void namingAnExistingDatasetAsAnOutputIsRefusedUnlessAppendIsSet() {
    String researcher = TestIdentities.bearer(Roles.RESEARCHER);
    String existing = "curated-" + UUID.randomUUID().toString().substring(0, 8);
    imports.datasetFor(existing, "tests");
    Map<String, Object> request = new HashMap<>(Map.of("dataset", "no-candidates-here", "dpoDataset", existing));

    given().header("Authorization", researcher).contentType(ContentType.JSON).body(request)
        .post("/api/v1/dataset-builds")
        .then().statusCode(409).contentType("application/problem+json").body("field", equalTo("dpoDataset"));

    request.put("append", true);
    // past the check: the next one finds the source has no candidates
    given().header("Authorization", researcher).contentType(ContentType.JSON).body(request)
        .post("/api/v1/dataset-builds")
        .then().statusCode(422).body("field", equalTo("dataset"));
  }
}
