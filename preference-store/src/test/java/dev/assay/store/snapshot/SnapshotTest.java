package dev.assay.store.snapshot;

import static dev.assay.store.StoreTestSupport.jsonl;
import static dev.assay.store.StoreTestSupport.query;
import static dev.assay.store.StoreTestSupport.queryLong;
import static dev.assay.store.StoreTestSupport.unique;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.platform.identity.Roles;
import dev.assay.store.StoreTestSupport;
import dev.assay.store.dataset.ImportService;
import dev.assay.testing.TestIdentities;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Snapshots against the real PostgreSQL: reproducible, immutable, split by prompt, with lineage. */
@QuarkusTest
class SnapshotTest {
  @Inject
  ImportService imports;

  @Inject
  SnapshotService snapshots;

  /** A TRL file of {@code prompts} prompts with {@code pairsPerPrompt} pairs each (one of them a tie-free A). */
  private static Path pairs(String tag, int prompts, int pairsPerPrompt) {
    List<String> lines = new ArrayList<>();
    for (int p = 0; p < prompts; p++) {
      for (int k = 0; k < pairsPerPrompt; k++) {
        lines.add("{\"id\": \"" + tag + "-" + p + "-" + k + "\", \"prompt\": \"prompt " + p + " of " + tag
            + "\", \"chosen\": \"good " + k + "\", \"rejected\": \"bad " + k + "\"}");
      }
    }
    return jsonl(tag + ".jsonl", lines);
  }

  private void importInto(String dataset, Path file) {
    imports.importFile(file, dataset, null, null, "test", read -> {});
  }

  @Test
  void theSameFilterOverTheSameDataGivesTheSameHashAndSplit() {
    String dataset = unique("snap-repro");
    importInto(dataset, pairs(dataset, 50, 2));
    SnapshotFilter filter = SnapshotFilter.ofDatasets(List.of(dataset));

    SnapshotService.SnapshotSummary first = snapshots.create("first", filter, "test");
    SnapshotService.SnapshotSummary second = snapshots.create("second", filter, "test");

    assertThat(second.contentHash()).isEqualTo(first.contentHash()).hasSize(64);
    assertThat(second.counts()).isEqualTo(first.counts());
    assertThat(first.counts().get("train") + first.counts().get("validation") + first.counts().get("test"))
        .isEqualTo(100);
    assertThat(splitOfEachPreference(first.id())).isEqualTo(splitOfEachPreference(second.id()));
  }

  @Test
  void recordsImportedLaterChangeNeitherAnExistingSnapshotsRecordsNorItsHash() {
    String dataset = unique("snap-immutable");
    importInto(dataset, pairs(dataset + "-a", 30, 1));
    SnapshotFilter filter = SnapshotFilter.ofDatasets(List.of(dataset));
    SnapshotService.SnapshotSummary before = snapshots.create("before", filter, "test");
    List<SnapshotService.SnapshotRecord> recordsBefore = snapshots.records(before.id());

    importInto(dataset, pairs(dataset + "-b", 20, 1));

    assertThat(snapshots.get(before.id())).isEqualTo(before);
    assertThat(snapshots.records(before.id())).isEqualTo(recordsBefore).hasSize(30);
    SnapshotService.SnapshotSummary after = snapshots.create("after", filter, "test");
    assertThat(after.contentHash()).isNotEqualTo(before.contentHash());
    assertThat(snapshots.records(after.id())).hasSize(50);
  }

  @Test
  void splitsNeverShareAPrompt() {
    String dataset = unique("snap-splits");
    importInto(dataset, pairs(dataset, 200, 3));

    SnapshotService.SnapshotSummary snapshot =
        snapshots.create("splits", SnapshotFilter.ofDatasets(List.of(dataset)), "test");

    assertThat(snapshot.counts().get("train")).isPositive();
    assertThat(snapshot.counts().get("validation")).isPositive();
    assertThat(snapshot.counts().get("test")).isPositive();
    assertThat(queryLong("SELECT count(*) FROM (SELECT c.prompt_hash FROM snapshot_record s"
        + " JOIN preference p ON p.id = s.preference_id JOIN comparison c ON c.id = p.comparison_id"
        + " WHERE s.snapshot_id = ? GROUP BY c.prompt_hash HAVING count(DISTINCT s.split) > 1) shared",
        snapshot.id())).isZero();
  }

  @Test
  void realDataSplitsNeverShareAPrompt() {
    String dataset = unique("snap-real");
    importInto(dataset, StoreTestSupport.sharedFile("alpaca-eval-judged-pairs-dev.jsonl.gz"));

    SnapshotService.SnapshotSummary snapshot =
        snapshots.create("real", SnapshotFilter.ofDatasets(List.of(dataset)), "test");

    assertThat(snapshot.counts().get("ties")).isPositive();
    assertThat(queryLong("SELECT count(*) FROM (SELECT c.prompt_hash FROM snapshot_record s"
        + " JOIN preference p ON p.id = s.preference_id JOIN comparison c ON c.id = p.comparison_id"
        + " WHERE s.snapshot_id = ? GROUP BY c.prompt_hash HAVING count(DISTINCT s.split) > 1) shared",
        snapshot.id())).isZero();
  }

  @Test
  void lineageNamesTheDatasetsCampaignsAndRatersAndTheListShowsTheSnapshot() {
    String researcher = TestIdentities.bearer(Roles.RESEARCHER);
    String dataset = unique("snap-lineage");
    importInto(dataset, pairs(dataset, 10, 1));
    long campaign = 900_000 + (long) (Math.random() * 100_000);
    long comparison = queryLong("SELECT r.comparison_id FROM dataset_record r JOIN dataset d ON d.id = r.dataset_id"
        + " WHERE d.name = ? ORDER BY r.id LIMIT 1", dataset);
    for (String rater : List.of("alice", "bob", "alice")) {
      query("INSERT INTO preference (comparison_id, source, rater, choice, campaign_id) VALUES (?, 'HUMAN', ?, 'B', ?)"
          + " RETURNING id", comparison, rater, campaign);
    }
    Map<String, Object> body = Map.of("name", "lineage", "filter", Map.of(
        "datasets", List.of(dataset), "campaigns", List.of(campaign), "includeTies", true,
        "validationFraction", 0.1, "testFraction", 0.1));

    long id = given().header("Authorization", researcher).contentType(ContentType.JSON).body(body)
        .post("/api/v1/snapshots").then().statusCode(201).extract().jsonPath().getLong("id");
    JsonPath lineage = given().header("Authorization", researcher).get("/api/v1/snapshots/" + id + "/lineage")
        .then().statusCode(200).extract().jsonPath();

    assertThat(lineage.getList("datasets.name")).containsExactly(dataset);
    assertThat(lineage.getLong("datasets[0].id")).isPositive();
    assertThat(lineage.getList("campaigns", Long.class)).containsExactly(campaign);
    assertThat(lineage.getList("raters")).containsExactly("alice", "bob");
    assertThat(lineage.getLong("counts.train") + lineage.getLong("counts.validation") + lineage.getLong("counts.test"))
        .isEqualTo(13);
    assertThat(lineage.getList("filter.datasets")).containsExactly(dataset);
    assertThat(lineage.getString("contentHash")).hasSize(64);
    assertThat(lineage.getMap("extensions")).isEmpty();

    JsonPath list = given().header("Authorization", researcher).get("/api/v1/snapshots")
        .then().statusCode(200).extract().jsonPath();
    assertThat(list.getList("id", Long.class)).contains(id);
    assertThat(list.getString("find { it.id == " + id + " }.name")).isEqualTo("lineage");
    assertThat(list.getString("find { it.id == " + id + " }.createdBy")).startsWith("researcher-");
  }

  @Test
  void missingSnapshotsAre404AndEndpointsNeedAResearcher() {
    String researcher = TestIdentities.bearer(Roles.RESEARCHER);
    given().header("Authorization", researcher).get("/api/v1/snapshots/987654321/lineage").then().statusCode(404);
    given().header("Authorization", researcher).get("/api/v1/snapshots/987654321").then().statusCode(404);
    given().header("Authorization", researcher).get("/api/v1/snapshots/987654321/export?format=trl")
        .then().statusCode(404);
    given().get("/api/v1/snapshots").then().statusCode(401);
    given().header("Authorization", TestIdentities.bearer(Roles.RATER)).get("/api/v1/snapshots").then().statusCode(403);
  }

  @Test
  void aSnapshotMadeOverRestWithoutFractionsHasATestSplitForTheGateWhileAnExplicitZeroHasNone() {
    String dataset = unique("snap-default-split");
    importInto(dataset, pairs(dataset, 120, 1));
    String researcher = TestIdentities.bearer(Roles.RESEARCHER);

    JsonPath defaulted = given().header("Authorization", researcher).contentType(ContentType.JSON)
        .body(Map.of("name", "defaulted", "filter", Map.of("datasets", List.of(dataset))))
        .post("/api/v1/snapshots").then().statusCode(201).extract().jsonPath();
    JsonPath unsplit = given().header("Authorization", researcher).contentType(ContentType.JSON)
        .body(Map.of("name", "unsplit", "filter", Map.of("datasets", List.of(dataset), "validationFraction", 0,
            "testFraction", 0)))
        .post("/api/v1/snapshots").then().statusCode(201).extract().jsonPath();

    assertThat(defaulted.getLong("counts.test")).isPositive();
    assertThat(defaulted.getLong("counts.validation")).isPositive();
    assertThat(unsplit.getLong("counts.test")).isZero();
    assertThat(unsplit.getLong("counts.validation")).isZero();
    assertThat(unsplit.getLong("counts.train")).isEqualTo(120);
  }

  private static Map<Object, Object> splitOfEachPreference(long snapshotId) {
    Map<Object, Object> splits = new java.util.TreeMap<>();
    for (List<Object> row : query("SELECT c.content_hash, s.split FROM snapshot_record s"
        + " JOIN preference p ON p.id = s.preference_id JOIN comparison c ON c.id = p.comparison_id"
        + " WHERE s.snapshot_id = ?", snapshotId)) {
      splits.put(row.get(0), row.get(1));
    }
    return splits;
  }
}
