package dev.assay.trainer.builder;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.guardrail.ServedTestModels;
import dev.assay.guardrail.policy.PolicyDraft;
import dev.assay.guardrail.policy.PolicyService;
import dev.assay.guardrail.scoring.ScoringService;
import dev.assay.platform.identity.Roles;
import dev.assay.store.dataset.ImportService;
import dev.assay.store.dataset.format.DatasetFormat;
import dev.assay.store.record.Message;
import dev.assay.testing.TestIdentities;
import dev.assay.trainer.TestData;
import dev.assay.trainer.registry.RegisteredModel;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Best-of-n SFT and DPO datasets from the four AlpacaEval model outputs (four candidates per prompt),
 * scored with a real reward model, with a blocking policy, interrupted after two chunks and resumed.
 */
@QuarkusTest
class DatasetBuilderTest {
  @Inject DatasetBuilder builder;
  @Inject ImportService imports;
  @Inject PolicyService policies;
  @Inject AgroalDataSource dataSource;
  @Inject ScoringService scoring;

  @Test
  void anInterruptedBuildResumesAndWritesBestOfNAndMarginFilteredPairsWithLineage() throws Exception {
    Path outputs = TestData.sharedFile("alpaca-eval-outputs/gpt4_1106_preview.json.gz").getParent();
    RegisteredModel model = ServedTestModels.ensureProduction();
    String source = "alpaca-candidates-" + UUID.randomUUID().toString().substring(0, 8);
    try (Stream<Path> files = Files.list(outputs)) {
      for (Path file : files.sorted().toList()) {
        imports.importFile(file, source, DatasetFormat.CANDIDATES, null, "tests", n -> {});
      }
    }
    // Block the lowest-scored fifth of the candidates (by this model's scores on a sample of them).
    List<Double> sample = new java.util.ArrayList<>();
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT t.body FROM candidate k JOIN dataset_record r ON"
            + " r.candidate_id = k.id JOIN dataset d ON d.id = r.dataset_id JOIN text_blob t ON t.hash = k.response_hash"
            + " WHERE d.name = '" + source + "' ORDER BY k.content_hash LIMIT 200")) {
      while (rows.next()) {
        sample.add(scoring.score(List.of(Message.user("Answer the instruction.")), List.of(rows.getString(1)))
            .rewards().getFirst().normalized());
      }
    }
    java.util.Collections.sort(sample);
    String policy = "builder-" + UUID.randomUUID().toString().substring(0, 8);
    policies.create(new PolicyDraft(policy, sample.get(40), "block", null, "fail-closed", null), null, "tests");

    DatasetBuild created = builder.create(new DatasetBuilder.Request(source, policy, 0.1, null, null, false), "tests");
    assertThat(created.promptsTotal).isEqualTo(805);
    builder.run(created.id, 2);
    DatasetBuild interrupted = builder.get(created.id);
    assertThat(interrupted.state).isEqualTo(DatasetBuild.State.RUNNING);
    assertThat(interrupted.promptsDone).isEqualTo(200);
    assertThat(interrupted.lastPromptHash).isNotNull();

    builder.run(created.id);
    DatasetBuild done = builder.get(created.id);
    System.out.printf("dataset build: %d prompts, %d SFT, %d DPO, %d below margin, %d blocked, %d all blocked%n",
        done.promptsDone, done.sftRecords, done.dpoPairs, done.pairsBelowMargin, done.responsesBlocked,
        done.promptsAllBlocked);
    assertThat(done.state).as(done.error).isEqualTo(DatasetBuild.State.SUCCEEDED);
    assertThat(done.promptsDone).isEqualTo(805);
    assertThat(done.sftRecords + done.promptsAllBlocked).isEqualTo(805);
    assertThat(done.dpoPairs).isPositive();
    assertThat(done.responsesBlocked).as("the policy blocks the lowest-scored responses").isPositive();
    assertThat(done.dpoPairs + done.pairsBelowMargin).isLessThanOrEqualTo(done.sftRecords);
    assertThat(done.modelVersion).isEqualTo(model.version());

    // Resuming after the second chunk imported nothing twice: one SFT record per prompt.
    assertThat(count("SELECT count(*) FROM dataset_record r JOIN dataset d ON d.id = r.dataset_id"
        + " WHERE d.name = '" + done.sftDataset + "'")).isEqualTo(done.sftRecords);
    assertThat(count("SELECT count(*) FROM dataset_record r JOIN dataset d ON d.id = r.dataset_id"
        + " JOIN preference p ON p.id = r.preference_id WHERE p.choice = 'A' AND d.name = '" + done.dpoDataset + "'"))
        .isEqualTo(done.dpoPairs);
    assertThat(count("SELECT count(*) FROM dataset WHERE name IN ('" + done.sftDataset + "', '" + done.dpoDataset
        + "') AND description LIKE '%" + model.version() + "%" + policy + "%'")).isEqualTo(2);

    String researcher = TestIdentities.bearer(Roles.RESEARCHER);
    JsonPath job = given().header("Authorization", researcher).get("/api/v1/dataset-builds/{id}", done.id)
        .then().statusCode(200).extract().jsonPath();
    assertThat(job.getString("state")).isEqualTo("SUCCEEDED");
    String sft = given().header("Authorization", researcher).get("/api/v1/dataset-builds/{id}/sft.jsonl", done.id)
        .then().statusCode(200).extract().asString();
    List<String> lines = sft.lines().toList();
    assertThat(lines).hasSize(done.sftRecords);
    JsonPath first = JsonPath.from(lines.getFirst());
    assertThat(first.getList("messages.role")).containsExactly("user", "assistant");
    // Exportable in the store's formats.
    given().header("Authorization", researcher).queryParam("format", "trl")
        .get("/api/v1/datasets/{name}/export", done.dpoDataset).then().statusCode(200);

    given().header("Authorization", researcher).contentType(ContentType.JSON)
        .body(Map.of("dataset", "no-such-dataset")).post("/api/v1/dataset-builds").then().statusCode(422);
    given().header("Authorization", researcher).contentType(ContentType.JSON)
        .body(Map.of("dataset", source, "policy", "no-such-policy")).post("/api/v1/dataset-builds")
        .then().statusCode(404);
  }

  private long count(String sql) throws Exception {
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
