package dev.assay.trainer.run;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.assay.platform.identity.Roles;
import dev.assay.testing.TestIdentities;
import dev.assay.trainer.TestModels;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A run the machine cannot hold, or settings that mean nothing, are refused at submit naming the field. */
@QuarkusTest
class TrainingRunLimitsTest {
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      // 2^27 buckets x 100,000 hidden units: 53 TB of weights; even a linear head of 2^27 is too wide
      "\"featurizer\": \"hashed:response=134217728\", \"hiddenSize\": 100000 | featurizer",
      // 2^22 buckets at the default hidden size: a few GB of weights and optimizer state
      "\"featurizer\": \"hashed:response=4194304\" | hiddenSize",
      "\"hiddenSize\": 1000000 | hiddenSize",
      "\"batchSize\": 65536 | batchSize",
      "\"featurizer\": \"bogus\" | featurizer",
      "\"featurizer\": \"=-5\" | featurizer",
      "\"featurizer\": \"hashed:response=-5\" | featurizer",
      "\"featurizer\": \"hashed:response=1000\" | featurizer",
      "\"learningRate\": 1e400 | learningRate",
      "\"learningRate\": 50 | learningRate",
      "\"weightDecay\": 1e400 | weightDecay",
      "\"centeringCoefficient\": 1e400 | centeringCoefficient",
      // a run trains on preference pairs; classifiers learn from labelled texts
      "\"kind\": \"classifier\" | kind",
  })
  void aRunTheMachineCannotHoldOrThatMeansNothingIsRefused(String settings, String field) {
    long snapshot = TestModels.snapshot();

    given().header("Authorization", TestIdentities.bearer(Roles.RESEARCHER)).contentType(ContentType.JSON)
        .body("{\"snapshotId\": " + snapshot + ", " + settings + "}")
        .post("/api/v1/training-runs")
        .then().statusCode(422).contentType("application/problem+json").body("field", equalTo(field));
  }
}
