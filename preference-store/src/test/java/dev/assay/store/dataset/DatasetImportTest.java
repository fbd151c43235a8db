package dev.assay.store.dataset;

import static dev.assay.store.StoreTestSupport.datasetRecordCount;
import static dev.assay.store.StoreTestSupport.jsonl;
import static dev.assay.store.StoreTestSupport.query;
import static dev.assay.store.StoreTestSupport.recordTableCounts;
import static dev.assay.store.StoreTestSupport.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.store.StoreTestSupport;
import dev.assay.store.dataset.format.DatasetFormat;
import dev.assay.store.dataset.format.DatasetFormatException;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Imports into the real PostgreSQL: every shared file, and hand-written edge cases. */
@QuarkusTest
class DatasetImportTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Inject
  ImportService imports;

  static Stream<String> sharedFiles() {
    return StoreTestSupport.sharedFiles();
  }

  private ImportOutcome importFile(Path file, String dataset) {
    return imports.importFile(file, dataset, null, null, "test", read -> {});
  }

  @ParameterizedTest
  @MethodSource("sharedFiles")
  void importsEverySharedFileWithNoRecordRefused(String relative) throws IOException {
    Path file = StoreTestSupport.sharedFile(relative);
    String dataset = unique("shared");
    // Skip-invalid, so every refused record is counted and shown rather than only the first.
    Path rejects = Files.createTempDirectory("assay-shared-rejects").resolve("rejects.jsonl");

    ImportOutcome outcome = imports.importFile(file, dataset, null, rejects, "test", read -> {});

    assertThat(outcome.rejected()).as("refused records of %s: %s", relative,
        Files.exists(rejects) ? Files.readAllLines(rejects).stream().limit(5).toList() : List.of()).isZero();
    assertThat(outcome.newRecords()).isPositive();
    assertThat(datasetRecordCount(dataset)).isEqualTo(outcome.newRecords());
    if (relative.startsWith("alpaca-eval-outputs")) {
      // One candidate response per instruction, 805 instructions per model.
      assertThat(outcome.format()).isEqualTo("candidates");
      assertThat(outcome.read()).isEqualTo(805);
      assertThat(outcome.newRecords() + outcome.duplicates()).isEqualTo(805);
    } else if (relative.startsWith("hh-rlhf")) {
      assertThat(outcome.format()).isEqualTo("hh-rlhf");
      assertThat(outcome.read()).isEqualTo(1732);
      assertThat(outcome.newRecords() + outcome.duplicates()).isEqualTo(1732);
    } else {
      assertThat(outcome.format()).isEqualTo("alpaca-eval");
      assertThat(outcome.read()).isEqualTo(3220);
      // Judgements without a verdict are skipped and counted, never silently dropped.
      assertThat(outcome.newRecords() + outcome.duplicates() + outcome.skipped()).isEqualTo(3220);
      assertThat(StoreTestSupport.queryLong("SELECT count(*) FROM dataset_record r JOIN dataset d ON d.id = r.dataset_id"
          + " JOIN preference p ON p.id = r.preference_id WHERE d.name = ? AND p.choice = 'TIE'", dataset)).isPositive();
    }
  }

  @Test
  void importingTheSameFileTwiceAddsNothingTheSecondTime() {
    Path file = jsonl("twice.jsonl",
        "{\"prompt\": \"p1\", \"chosen\": \"a\", \"rejected\": \"b\"}",
        "{\"prompt\": \"p2\", \"chosen\": \"c\", \"rejected\": \"d\"}");
    String dataset = unique("twice");

    ImportOutcome first = importFile(file, dataset);
    Map<String, Long> before = recordTableCounts();
    ImportOutcome second = importFile(file, dataset);

    assertThat(first.newRecords()).isEqualTo(2);
    assertThat(second.newRecords()).isZero();
    assertThat(second.duplicates()).isEqualTo(2);
    assertThat(second.summary()).contains("0 new");
    assertThat(recordTableCounts()).isEqualTo(before);
  }

  @Test
  void storesTiesNullsMultiTurnNonAsciiEmptyAndHugeTextsExactly() {
    String huge = "ж".repeat(900_000);
    String nonAscii = "Ça va? 日本語 🙂 עברית e\u0301";
    Path pairs = jsonl("edge.jsonl",
        "{\"id\": \"multi\", \"prompt\": [{\"role\": \"system\", \"content\": \"be brief\"},"
            + " {\"role\": \"user\", \"content\": \"hi\"}, {\"role\": \"assistant\", \"content\": \"hello\"},"
            + " {\"role\": \"user\", \"content\": \"" + nonAscii + "\"}],"
            + " \"chosen\": [{\"role\": \"assistant\", \"content\": \"" + nonAscii + "\"}],"
            + " \"rejected\": [{\"role\": \"assistant\", \"content\": \"\"}]}",
        "{\"id\": \"huge\", \"prompt\": [{\"role\": \"user\", \"content\": \"long\"}],"
            + " \"chosen\": [{\"role\": \"assistant\", \"content\": \"" + huge + "\"}],"
            + " \"rejected\": [{\"role\": \"assistant\", \"content\": \"short\"}]}");
    Path judged = jsonl("judged.jsonl",
        "{\"instruction\": \"tie\", \"output_1\": \"x\", \"generator_1\": \"m1\", \"output_2\": \"y\","
            + " \"generator_2\": null, \"preference\": 1.5}",
        "{\"instruction\": \"no verdict\", \"output_1\": \"x\", \"output_2\": \"y\", \"preference\": null}");
    String dataset = unique("edge");

    ImportOutcome conversational = importFile(pairs, dataset);
    ImportOutcome alpaca = importFile(judged, dataset);

    assertThat(conversational.newRecords()).isEqualTo(2);
    assertThat(alpaca.newRecords()).isEqualTo(1);
    assertThat(alpaca.skipped()).isEqualTo(1);
    List<List<Object>> rows = query("SELECT r.original_id, CAST(pr.messages AS text), ta.body, tb.body, p.choice,"
        + " p.strength, c.generator_a, c.generator_b, r.line_no FROM dataset_record r JOIN dataset d ON d.id = r.dataset_id"
        + " JOIN comparison c ON c.id = r.comparison_id JOIN preference p ON p.id = r.preference_id"
        + " JOIN prompt pr ON pr.hash = c.prompt_hash JOIN text_blob ta ON ta.hash = c.response_a_hash"
        + " JOIN text_blob tb ON tb.hash = c.response_b_hash WHERE d.name = ? ORDER BY r.id", dataset);
    assertThat(rows).hasSize(3);
    List<Object> multi = rows.get(0);
    assertThat(multi.get(0)).isEqualTo("multi");
    assertThat(messages((String) multi.get(1))).extracting(m -> m.get("role").asText())
        .containsExactly("system", "user", "assistant", "user");
    assertThat(messages((String) multi.get(1)).get(3).get("content").asText()).isEqualTo(nonAscii);
    assertThat(multi.get(2)).isEqualTo(nonAscii);
    assertThat(multi.get(3)).isEqualTo("");
    assertThat(rows.get(1).get(2)).isEqualTo(huge);
    List<Object> tie = rows.get(2);
    assertThat(tie.get(4)).isEqualTo("TIE");
    assertThat(tie.get(5)).isEqualTo(1.5);
    assertThat(tie.get(6)).isEqualTo("m1");
    assertThat(tie.get(7)).isNull();
    assertThat(tie.get(8)).isEqualTo(1L);
  }

  @Test
  void brokenJsonOnLineNFailsTheImportNamingTheLineAndWritesNothing() {
    List<String> lines = new ArrayList<>();
    for (int i = 1; i <= 6; i++) {
      lines.add("{\"prompt\": \"broken-" + i + "-" + unique("p") + "\", \"chosen\": \"a\", \"rejected\": \"b\"}");
    }
    lines.set(4, "{\"prompt\": \"five\", \"chosen\": \"a\", \"rejected\": ");
    Path file = jsonl("broken.jsonl", lines);
    String dataset = unique("broken");
    Map<String, Long> before = recordTableCounts();

    assertThatThrownBy(() -> importFile(file, dataset))
        .isInstanceOfSatisfying(DatasetFormatException.class, e -> {
          assertThat(e.line()).isEqualTo(5);
          assertThat(e.getMessage()).contains("broken.jsonl line 5");
        });

    assertThat(recordTableCounts()).isEqualTo(before);
    assertThat(datasetRecordCount(dataset)).isZero();
  }

  @Test
  void controlCharactersSuchAsU009fAreImportedAsTheyAre() {
    String output = "answer \u009f with \u0001 controls " + unique("c");
    Path file = jsonl("controls.jsonl",
        "{\"instruction\": \"i\", \"output_1\": \"x\", \"generator_1\": \"m1\", \"output_2\": \""
            + output.replace("\u0001", "\\u0001") + "\", \"generator_2\": \"m2\", \"preference\": 2}");
    String dataset = unique("controls");

    ImportOutcome outcome = importFile(file, dataset);

    assertThat(outcome.newRecords()).isEqualTo(1);
    assertThat(query("SELECT tb.body FROM dataset_record r JOIN dataset d ON d.id = r.dataset_id"
        + " JOIN comparison c ON c.id = r.comparison_id JOIN text_blob tb ON tb.hash = c.response_b_hash"
        + " WHERE d.name = ?", dataset)).containsExactly(List.of(output));
  }

  @Test
  void aNulIsRefusedNamingItsLineAndFieldAndNothingIsWritten() {
    Path file = jsonl("nul.jsonl",
        "{\"instruction\": \"i " + unique("p") + "\", \"output_1\": \"x\", \"output_2\": \"y\", \"preference\": 1}",
        "{\"instruction\": \"i\", \"output_1\": \"x\", \"output_2\": \"y\\u0000\", \"preference\": 1}");
    Map<String, Long> before = recordTableCounts();

    assertThatThrownBy(() -> importFile(file, unique("nul")))
        .isInstanceOfSatisfying(DatasetFormatException.class, e -> {
          assertThat(e.line()).isEqualTo(2);
          assertThat(e.field()).isEqualTo("output_2");
          assertThat(e.getMessage()).contains("nul.jsonl line 2", "U+0000");
        });
    assertThat(recordTableCounts()).isEqualTo(before);
  }

  @Test
  void aFailedImportLeavesNoDatasetItCreatedAndNoRecords() {
    Path file = jsonl("fails.jsonl",
        "{\"prompt\": \"fine " + unique("p") + "\", \"chosen\": \"a\", \"rejected\": \"b\"}",
        "{\"prompt\": \"broken\", \"chosen\": ");
    String dataset = unique("failed-new");
    Map<String, Long> before = recordTableCounts();

    assertThatThrownBy(() -> importFile(file, dataset)).isInstanceOf(DatasetFormatException.class);

    assertThat(StoreTestSupport.queryLong("SELECT count(*) FROM dataset WHERE name = ?", dataset)).isZero();
    assertThat(recordTableCounts()).isEqualTo(before);
  }

  @Test
  void aFailedImportIntoAnExistingDatasetKeepsItAndItsRecords() {
    String dataset = unique("failed-existing");
    importFile(jsonl("good.jsonl", "{\"prompt\": \"kept " + dataset + "\", \"chosen\": \"a\", \"rejected\": \"b\"}"),
        dataset);

    assertThatThrownBy(() -> importFile(jsonl("bad.jsonl", "{\"prompt\": \"x\"}"), dataset))
        .isInstanceOf(DatasetFormatException.class);

    assertThat(datasetRecordCount(dataset)).isEqualTo(1);
  }

  @Test
  void aTextOverTheLimitIsAnErrorNamingItsLineAndField() {
    String tooLong = "x".repeat(1_000_001);
    Path file = jsonl("too-long.jsonl",
        "{\"prompt\": \"ok\", \"chosen\": \"a\", \"rejected\": \"b\"}",
        "{\"prompt\": \"long\", \"chosen\": \"" + tooLong + "\", \"rejected\": \"b\"}");

    assertThatThrownBy(() -> importFile(file, unique("too-long")))
        .isInstanceOfSatisfying(DatasetFormatException.class, e -> {
          assertThat(e.line()).isEqualTo(2);
          assertThat(e.field()).isEqualTo("chosen");
        });
  }

  @Test
  void skipInvalidImportsTheValidRecordsAndWritesEachRejectWithItsReason() throws IOException {
    Path file = jsonl("mixed.jsonl",
        "{\"prompt\": \"valid one " + unique("p") + "\", \"chosen\": \"a\", \"rejected\": \"b\"}",
        "{\"prompt\": \"no rejected\", \"chosen\": \"a\"}",
        "not json at all",
        "{\"prompt\": \"valid two " + unique("p") + "\", \"chosen\": \"c\", \"rejected\": \"d\"}",
        "{\"prompt\": \"null chosen\", \"chosen\": null, \"rejected\": \"d\"}");
    Path rejects = file.resolveSibling("mixed.rejects.jsonl");
    String dataset = unique("skip");

    ImportOutcome outcome = imports.importFile(file, dataset, DatasetFormat.TRL_STANDARD, rejects, "test", r -> {});

    assertThat(outcome.newRecords()).isEqualTo(2);
    assertThat(outcome.rejected()).isEqualTo(3);
    assertThat(outcome.rejectsFile()).isEqualTo(rejects);
    assertThat(datasetRecordCount(dataset)).isEqualTo(2);
    List<JsonNode> reasons = Files.readAllLines(rejects).stream().map(DatasetImportTest::tree).toList();
    assertThat(reasons).extracting(r -> r.get("line").asLong()).containsExactly(2L, 3L, 5L);
    assertThat(reasons.get(0).get("field").asText()).isEqualTo("rejected");
    assertThat(reasons.get(2).get("field").asText()).isEqualTo("chosen");
    assertThat(reasons).allSatisfy(r -> assertThat(r.get("error").asText()).contains("mixed.jsonl line"));
  }

  @Test
  void candidatesRecordsKeepEachResponseWithItsGenerator() {
    Path file = jsonl("cands.jsonl",
        "{\"id\": \"c1\", \"instruction\": \"name a colour " + unique("p") + "\", \"outputs\": ["
            + "{\"output\": \"red\", \"generator\": \"m1\"}, {\"output\": \"blue\", \"generator\": \"m2\"}]}");
    String dataset = unique("cands");

    ImportOutcome outcome = importFile(file, dataset);

    assertThat(outcome.newRecords()).isEqualTo(2);
    assertThat(query("SELECT k.generator, r.original_id, r.line_no FROM dataset_record r"
        + " JOIN dataset d ON d.id = r.dataset_id JOIN candidate k ON k.id = r.candidate_id WHERE d.name = ?"
        + " ORDER BY r.id", dataset))
        .containsExactly(List.of("m1", "c1", 1L), List.of("m2", "c1", 1L));
  }

  private static List<JsonNode> messages(String json) {
    List<JsonNode> list = new ArrayList<>();
    tree(json).forEach(list::add);
    return list;
  }

  private static JsonNode tree(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
