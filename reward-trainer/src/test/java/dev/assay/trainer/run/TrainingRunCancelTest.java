package dev.assay.trainer.run;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.platform.identity.Roles;
import dev.assay.testing.TestIdentities;
import dev.assay.trainer.TestModels;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Only the researcher who launched a run, or an admin, may cancel it. */
@QuarkusTest
class TrainingRunCancelTest {
  @Inject TrainingRunService runs;
  @Inject ObjectMapper json;

  @Test
  void anotherResearcherMayNotCancelARunButItsOwnerAndAnAdminMay() {
    String owner = "owner-" + UUID.randomUUID().toString().substring(0, 8);
    String ownerKey = "Bearer " + TestIdentities.key(Roles.RESEARCHER, owner);
    long first = queuedRun(owner);
    long second = queuedRun(owner);

    given().header("Authorization", TestIdentities.bearer(Roles.RESEARCHER)).contentType(ContentType.JSON)
        .post("/api/v1/training-runs/" + first + "/cancel")
        .then().statusCode(403).contentType("application/problem+json");
    assertThat(runs.get(first).state).isEqualTo(TrainingRun.State.QUEUED);

    given().header("Authorization", ownerKey).contentType(ContentType.JSON).post("/api/v1/training-runs/" + first + "/cancel")
        .then().statusCode(200).body("state", equalTo("CANCELLED"));
    given().header("Authorization", TestIdentities.bearer(Roles.ADMIN)).contentType(ContentType.JSON)
        .post("/api/v1/training-runs/" + second + "/cancel")
        .then().statusCode(200).body("state", equalTo("CANCELLED"));
  }

  /** A run as its owner queued it, persisted without the outbox event so no worker takes it meanwhile. */
  private long queuedRun(String owner) {
    long snapshot = TestModels.snapshot();
    return QuarkusTransaction.requiringNew().call(() -> {
      TrainingRun run = new TrainingRun();
      run.snapshotId = snapshot;
      run.config = json.convertValue(runs.toConfig(new RunRequest(snapshot, null, "hashed", null, 2, 8, null, null,
          null, null, 0, 5)), Map.class);
      run.state = TrainingRun.State.QUEUED;
      run.createdBy = owner;
      run.createdAt = java.time.Instant.now();
      run.persist();
      return run.id;
    });
  }
}
