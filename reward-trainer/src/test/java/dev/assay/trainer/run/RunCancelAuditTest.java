package dev.assay.trainer.run;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.platform.identity.Roles;
import dev.assay.testing.TestIdentities;
import dev.assay.trainer.TestModels;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Cancelling a training run is an admin action in the audit log. */
@QuarkusTest
class RunCancelAuditTest {
  @Inject TrainingRunService runs;
  @Inject ObjectMapper json;

  @Test
  void cancellingARunLeavesAnAuditRowWithActorActionTargetAndTime() {
    String adminName = "canceller-" + UUID.randomUUID().toString().substring(0, 8);
    String admin = "Bearer " + TestIdentities.key(Roles.ADMIN, adminName);
    long run = queuedRun();
    Instant before = Instant.now().minusSeconds(1);

    given().header("Authorization", admin).contentType(ContentType.JSON)
        .post("/api/v1/training-runs/" + run + "/cancel")
        .then().statusCode(200);

    JsonPath rows = given().header("Authorization", admin).queryParam("target", "run:" + run)
        .get("/api/v1/admin/audit").then().statusCode(200).extract().jsonPath();
    assertThat(rows.getList("items.action")).containsExactly("run.cancel");
    assertThat(rows.getList("items.actor")).containsExactly(adminName);
    assertThat(Instant.parse(rows.getString("items[0].at"))).isAfter(before);
  }

  /** A queued run persisted without its outbox event, so no worker takes it meanwhile. */
  private long queuedRun() {
    long snapshot = TestModels.snapshot();
    return QuarkusTransaction.requiringNew().call(() -> {
      TrainingRun run = new TrainingRun();
      run.snapshotId = snapshot;
      run.config = json.convertValue(runs.toConfig(new RunRequest(snapshot, null, "hashed", null, 2, 8, null, null,
          null, null, 0, 5)), Map.class);
      run.state = TrainingRun.State.QUEUED;
      run.createdBy = "someone";
      run.createdAt = Instant.now();
      run.persist();
      return run.id;
    });
  }
}
