package dev.assay.store.dataset.format;

import static dev.assay.store.StoreTestSupport.sharedData;
import static dev.assay.store.dataset.format.FormatTestSupport.readAll;
import static dev.assay.store.dataset.format.FormatTestSupport.withoutLines;
import static dev.assay.store.dataset.format.FormatTestSupport.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.store.record.Choice;
import dev.assay.store.record.PreferenceRecord;
import dev.assay.store.record.ResponseText;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The readers and writers against the real public data in ../shared/data (skipped when absent). */
class SharedDataTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void hhRlhfExportReproducesEveryOriginalDialogueByteForByte() throws IOException {
    Path file = sharedData().resolve("hh-rlhf-harmless-dev.jsonl.gz");
    List<PreferenceRecord> records = readAll(file, null);
    List<String> exported = new String(write(DatasetFormat.HH_RLHF, records), StandardCharsets.UTF_8).lines().toList();

    List<JsonNode> originals = originalLines(file);
    assertThat(records).hasSize(1732);
    assertThat(exported).hasSize(originals.size());
    for (int i = 0; i < originals.size(); i++) {
      JsonNode written = JSON.readTree(exported.get(i));
      assertThat(written.get("chosen").textValue()).as("line %d chosen", i + 1)
          .isEqualTo(originals.get(i).get("chosen").textValue());
      assertThat(written.get("rejected").textValue()).as("line %d rejected", i + 1)
          .isEqualTo(originals.get(i).get("rejected").textValue());
    }
  }

  @Test
  void hhRlhfPairsAreMostlySimpleAndTheRestContinuations() throws IOException {
    List<PreferenceRecord> records = readAll(sharedData().resolve("hh-rlhf-harmless-dev.jsonl.gz"), null);
    long continuations = records.stream().filter(r -> Dialogues.isContinuation(r.responses().get(0))).count();
    assertThat(records).allSatisfy(r -> {
      assertThat(r.choice()).isEqualTo(Choice.A);
      assertThat(r.prompt()).isNotEmpty();
    });
    assertThat(continuations).isPositive().isLessThan(20);
    assertThat(records.get(0).line()).isEqualTo(1);
    assertThat(records.get(1731).line()).isEqualTo(1732);
  }

  @Test
  void alpacaEvalAnnotationsReadWithEveryPreferenceSpelling() throws IOException {
    Path file = sharedData().resolve("alpaca-eval-judged-pairs-dev.jsonl.gz");
    try (RecordReader reader = DatasetReaders.open(file, null, ImportLimits.DEFAULTS)) {
      List<PreferenceRecord> records = new ArrayList<>();
      reader.forEachRemaining(records::add);
      assertThat(reader.format()).isEqualTo(DatasetFormat.ALPACA_EVAL);
      assertThat(records.size() + reader.skippedCount()).isEqualTo(3220);
      assertThat(records).extracting(PreferenceRecord::choice).contains(Choice.A, Choice.B, Choice.TIE);
      assertThat(records).allSatisfy(r -> {
        assertThat(r.responses()).hasSize(2).allSatisfy(response -> {
          assertThat(response.generator()).isNotBlank();
          assertThat(response.metadata()).containsKey("dataset");
        });
        assertThat(r.strength()).isIn(1.0, 1.5, 2.0);
      });
    }
  }

  @Test
  void candidatesArraysReadElementByElementWithRealLineNumbers() throws IOException {
    Path file = sharedData().resolve("alpaca-eval-outputs/gpt4_1106_preview.json.gz");
    List<PreferenceRecord> records = readAll(file, null);
    assertThat(records).hasSize(805).allSatisfy(r -> {
      assertThat(r.isCandidates()).isTrue();
      assertThat(r.responses()).singleElement().extracting(ResponseText::generator).isEqualTo("gpt4_1106_preview");
    });
    assertThat(records.get(0).line()).isEqualTo(2); // "[" is on line 1
    assertThat(records.get(1).line()).isGreaterThan(records.get(0).line());
  }

  static Stream<String> sharedFiles() {
    return Stream.of("hh-rlhf-harmless-dev.jsonl.gz", "alpaca-eval-judged-pairs-dev.jsonl.gz",
        "alpaca-eval-outputs/Meta-Llama-3-8B-Instruct.json.gz", "alpaca-eval-outputs/Mistral-7B-Instruct-v0.2.json.gz",
        "alpaca-eval-outputs/alpaca-farm-ppo-human.json.gz", "alpaca-eval-outputs/gpt4_1106_preview.json.gz");
  }

  @ParameterizedTest
  @MethodSource("sharedFiles")
  void roundTripsThroughItsOwnFormat(String name) throws IOException {
    Path file = sharedData().resolve(name);
    DatasetFormat format;
    List<PreferenceRecord> records;
    try (RecordReader reader = DatasetReaders.open(file, null, ImportLimits.DEFAULTS)) {
      format = reader.format();
      records = new ArrayList<>();
      reader.forEachRemaining(records::add);
    }
    List<PreferenceRecord> again = readAll(write(format, records), format);
    assertThat(withoutLines(again)).isEqualTo(withoutLines(records));
  }

  @ParameterizedTest
  @MethodSource("sharedFiles")
  void roundTripsThroughTrlKeepingPromptsAndJudgements(String name) throws IOException {
    List<PreferenceRecord> records = readAll(sharedData().resolve(name), null);
    List<PreferenceRecord> judged = records.stream()
        .filter(r -> r.choice() == Choice.A || r.choice() == Choice.B)
        .toList();
    List<PreferenceRecord> again = readAll(write(DatasetFormat.TRL_STANDARD, records), DatasetFormat.TRL_STANDARD);
    assertThat(again).hasSize(judged.size());
    for (int i = 0; i < judged.size(); i++) {
      PreferenceRecord original = judged.get(i);
      PreferenceRecord copy = again.get(i);
      assertThat(copy.prompt()).isEqualTo(original.prompt());
      assertThat(copy.chosen().text()).isEqualTo(original.chosen().text());
      assertThat(copy.rejected().text()).isEqualTo(original.rejected().text());
      assertThat(copy.chosen().metadata()).isEqualTo(Map.copyOf(withoutDataset(original.chosen())));
    }
  }

  private static Map<String, Object> withoutDataset(ResponseText response) {
    Map<String, Object> metadata = new java.util.HashMap<>(response.metadata());
    metadata.remove("dataset");
    return metadata;
  }

  private static List<JsonNode> originalLines(Path gz) throws IOException {
    List<JsonNode> lines = new ArrayList<>();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(
        new GZIPInputStream(Files.newInputStream(gz)), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        lines.add(JSON.readTree(line));
      }
    }
    return lines;
  }
}
