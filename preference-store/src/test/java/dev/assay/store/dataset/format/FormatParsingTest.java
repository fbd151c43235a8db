package dev.assay.store.dataset.format;

import static dev.assay.store.dataset.format.FormatTestSupport.fixture;
import static dev.assay.store.dataset.format.FormatTestSupport.readAll;
import static dev.assay.store.dataset.format.FormatTestSupport.utf8;
import static dev.assay.store.dataset.format.FormatTestSupport.withoutLines;
import static dev.assay.store.dataset.format.FormatTestSupport.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.store.record.Choice;
import dev.assay.store.record.Message;
import dev.assay.store.record.PreferenceRecord;
import dev.assay.store.record.ResponseText;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Each format's reading rules, on the hand-written fixtures in src/test/resources/formats. */
class FormatParsingTest {

  @ParameterizedTest
  @CsvSource({
    "hh-rlhf.jsonl, HH_RLHF",
    "trl-standard.jsonl, TRL_STANDARD",
    "trl-conversational.jsonl, TRL_CONVERSATIONAL",
    "trl-implicit.jsonl, TRL_IMPLICIT",
    "openai.jsonl, OPENAI_PREFERENCE",
    "alpaca-eval.jsonl, ALPACA_EVAL",
    "ultrafeedback.jsonl, ULTRAFEEDBACK",
    "candidates.json, CANDIDATES",
    "candidates-multi.jsonl, CANDIDATES",
  })
  void detectsTheFormatAndRoundTripsThroughIt(String file, DatasetFormat expected) throws IOException {
    List<PreferenceRecord> records;
    try (RecordReader reader = DatasetReaders.open(fixture(file), null, ImportLimits.DEFAULTS)) {
      assertThat(reader.format()).isEqualTo(expected);
      records = new ArrayList<>();
      reader.forEachRemaining(records::add);
    }
    assertThat(records).isNotEmpty();
    assertThat(readAll(fixture(file), expected)).isEqualTo(records);
    if (expected.canWrite()) {
      assertThat(withoutLines(readAll(write(expected, records), expected))).isEqualTo(withoutLines(records));
    }
  }

  @Test
  void hhRlhfSplitsSharedTurnsFromTheFinalAnswers() throws IOException {
    List<PreferenceRecord> records = readAll(fixture("hh-rlhf.jsonl"), null);
    PreferenceRecord multiTurn = records.get(1);
    assertThat(multiTurn.prompt()).containsExactly(
        Message.user("Hi 👋"), Message.assistant("Hello!"), Message.user("你好吗？"));
    assertThat(multiTurn.responses()).containsExactly(ResponseText.of("我很好。"), ResponseText.of(""));
    assertThat(multiTurn.choice()).isEqualTo(Choice.A);

    PreferenceRecord identical = records.get(3);
    assertThat(identical.prompt()).containsExactly(Message.user("שלום"));
    assertThat(identical.responses()).containsExactly(ResponseText.of("مرحبا"), ResponseText.of("مرحبا"));
  }

  @Test
  void hhRlhfKeepsDivergingDialoguesAsContinuations() throws IOException {
    PreferenceRecord diverging = readAll(fixture("hh-rlhf.jsonl"), null).get(2);
    Map<String, Object> continuation = Map.of("continuation", true);
    assertThat(diverging.prompt()).containsExactly(Message.user("Are drag queens men?"));
    assertThat(diverging.responses()).containsExactly(
        new ResponseText("\n\nAssistant: Usually.\n\nAssistant:  More detail.", null, continuation),
        new ResponseText("\n\nAssistant: No.", null, continuation));
  }

  @Test
  void hhRlhfToleratesAMissingLeadingBlankLineAndBareMarkers() throws IOException {
    PreferenceRecord record = readAll(utf8("{\"chosen\": \"Human: hi\\n\\nAssistant:\","
        + " \"rejected\": \"Human: hi\\n\\nAssistant:no\"}"), null).get(0);
    assertThat(record.prompt()).containsExactly(Message.user("hi"));
    assertThat(record.responses()).containsExactly(ResponseText.of(""), ResponseText.of("no"));
    assertThatThrownBy(() -> readAll(utf8("{\"chosen\": \"hello\", \"rejected\": \"x\"}"), DatasetFormat.HH_RLHF))
        .hasMessage("test.jsonl line 1: \"chosen\" is not an HH-RLHF dialogue: it must start with \"\\n\\nHuman: \"");
  }

  @Test
  void trlStandardKeepsIdsAndReadsHhFormPromptsAsTurns() throws IOException {
    List<PreferenceRecord> records = readAll(fixture("trl-standard.jsonl"), null);
    assertThat(records.get(0).originalId()).isEqualTo("s1");
    assertThat(records.get(0).responses()).containsExactly(ResponseText.of(" blue."), ResponseText.of(" green."));
    assertThat(records.get(1).originalId()).isEqualTo("7");
    assertThat(records.get(1).responses().get(1).text()).isEmpty();
    assertThat(records.get(2).prompt()).containsExactly(
        Message.user("Hi"), Message.assistant("Hello"), Message.user("Bye"));
    assertThat(records.get(2).responses()).containsExactly(ResponseText.of("Goodbye!"), ResponseText.of("No."));
  }

  @Test
  void trlMarginAndScoresAreKept() throws IOException {
    PreferenceRecord record = readAll(utf8("{\"prompt\": \"p\", \"chosen\": \"c\", \"rejected\": \"r\","
        + " \"margin\": 2.5, \"score_chosen\": 8, \"score_rejected\": 3.5}"), null).get(0);
    assertThat(record.strength()).isEqualTo(2.5);
    assertThat(record.chosen().metadata()).isEqualTo(Map.of("score", 8.0));
    assertThat(record.rejected().metadata()).isEqualTo(Map.of("score", 3.5));
  }

  @Test
  void trlConversationalMovesSharedMessagesIntoThePrompt() throws IOException {
    List<PreferenceRecord> records = readAll(fixture("trl-conversational.jsonl"), null);
    assertThat(records.get(0).prompt()).containsExactly(
        new Message("system", "Be terse."), Message.user("Capital of France?"));
    assertThat(records.get(1).prompt()).containsExactly(
        Message.user("Count"), Message.assistant("1"), Message.user("more"));
    assertThat(records.get(1).responses()).containsExactly(ResponseText.of("2"), ResponseText.of("3"));
    assertThat(records.get(2).prompt()).containsExactly(Message.user("Tell me"));
    assertThat(records.get(2).chosen().text()).isEqualTo("\n\nAssistant: Part one.\n\nAssistant: Part two.");
    assertThat(records.get(2).rejected()).isEqualTo(
        new ResponseText("\n\nAssistant: Nope.", null, Map.of("continuation", true)));
  }

  @Test
  void trlConversationalRefusesContinuationsThatHhTextCannotHold() {
    String line = "{\"prompt\": [{\"role\": \"user\", \"content\": \"q\"}],"
        + " \"chosen\": [{\"role\": \"assistant\", \"content\": \"a\"}, {\"role\": \"tool\", \"content\": \"t\"}],"
        + " \"rejected\": [{\"role\": \"assistant\", \"content\": \"b\"}]}";
    assertThatThrownBy(() -> readAll(utf8(line), null))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageStartingWith("test.jsonl line 1: \"chosen\" continues with turns that cannot be kept");
    assertThatThrownBy(() -> readAll(utf8(line.replace("\"content\": \"q\"", "\"text\": \"q\"")), null))
        .hasMessage("test.jsonl line 1: \"prompt[0].content\" is missing");
  }

  @Test
  void trlImplicitFindsThePromptInMessagesOrText() throws IOException {
    List<PreferenceRecord> records = readAll(fixture("trl-implicit.jsonl"), null);
    assertThat(records.get(0).prompt()).containsExactly(Message.user("Color?"));
    assertThat(records.get(0).responses()).containsExactly(ResponseText.of("Blue"), ResponseText.of("Loud"));
    assertThat(records.get(1).prompt()).containsExactly(Message.user("The sky is"));
    assertThat(records.get(1).responses()).containsExactly(ResponseText.of(" blue."), ResponseText.of(" green."));
  }

  @Test
  void openAiPreferenceReadsInputMessagesAndOutputs() throws IOException {
    PreferenceRecord record = readAll(fixture("openai.jsonl"), null).get(0);
    assertThat(record.prompt()).containsExactly(
        Message.user("Hello, can you tell me how cold San Francisco is today?"));
    assertThat(record.chosen().text()).isEqualTo("Today in San Francisco, it is a cool 14°C.");
    assertThat(record.rejected().text()).isEqualTo("It is cold.");
    assertThatThrownBy(() -> readAll(utf8("{\"input\": {\"messages\": []}, \"preferred_output\": [],"
        + " \"non_preferred_output\": [{\"role\": \"assistant\", \"content\": \"x\"}]}"), null))
        .hasMessage("test.jsonl line 1: \"preferred_output\" must contain at least one message");
  }

  @Test
  void alpacaEvalMapsEveryPreferenceSpellingAndSkipsMissingVerdicts() throws IOException {
    try (RecordReader reader = DatasetReaders.open(fixture("alpaca-eval.jsonl"), null, ImportLimits.DEFAULTS)) {
      List<PreferenceRecord> records = new ArrayList<>();
      reader.forEachRemaining(records::add);
      assertThat(records).extracting(PreferenceRecord::choice)
          .containsExactly(Choice.A, Choice.A, Choice.B, Choice.B, Choice.TIE, Choice.TIE, Choice.A);
      assertThat(records).extracting(PreferenceRecord::strength).containsExactly(1.0, 1.0, 2.0, 2.0, 1.5, 1.5, 1.0);
      assertThat(records).extracting(PreferenceRecord::line).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 9L);
      assertThat(reader.skippedCount()).isEqualTo(2);
      assertThat(reader.skipReasons()).containsExactly(
          Map.entry("\"preference\" is null or missing: the judge gave no verdict", 2L));
      PreferenceRecord first = records.get(0);
      assertThat(first.prompt()).containsExactly(Message.user("a"));
      assertThat(first.responses()).containsExactly(
          new ResponseText("x", "m1", Map.of("dataset", "helpful_base")),
          new ResponseText("y", "m2", Map.of("dataset", "helpful_base")));
    }
  }

  @Test
  void alpacaEvalRejectsOtherPreferences() {
    String line = "{\"instruction\": \"i\", \"output_1\": \"a\", \"output_2\": \"b\", \"preference\": %s}";
    assertThatThrownBy(() -> readAll(utf8(String.format(line, "\"abc\"")), null))
        .hasMessage("test.jsonl line 1: \"preference\" must be 1, 2 or 1.5 (a tie) but was \"abc\"");
    assertThatThrownBy(() -> readAll(utf8(String.format(line, "1.7")), null))
        .hasMessage("test.jsonl line 1: \"preference\" must be 1, 2 or 1.5 (a tie) but was 1.7");
    assertThatThrownBy(() -> readAll(utf8(String.format(line, "true")), null))
        .isInstanceOf(DatasetFormatException.class)
        .extracting(e -> ((DatasetFormatException) e).field()).isEqualTo("preference");
  }

  @Test
  void ultraFeedbackExpandsCompletionsIntoScoredPairs() throws IOException {
    try (RecordReader reader = DatasetReaders.open(fixture("ultrafeedback.jsonl"), null, ImportLimits.DEFAULTS)) {
      List<PreferenceRecord> pairs = new ArrayList<>();
      reader.forEachRemaining(pairs::add);
      assertThat(pairs).hasSize(3).allSatisfy(p -> assertThat(p.prompt()).containsExactly(Message.user("Write a limerick")));
      assertThat(pairs).extracting(p -> p.responses().get(0).generator() + ">" + p.responses().get(1).generator()
          + ":" + p.choice()).containsExactly("m1>m2:A", "m1>m3:TIE", "m3>m2:A");
      assertThat(pairs.get(0).responses().get(0).metadata()).isEqualTo(Map.of("score", 7.5));
      assertThat(reader.skipReasons()).containsOnlyKeys("fewer than two completions: nothing to compare");
    }
  }

  @Test
  void ultraFeedbackNeedsAScore() {
    assertThatThrownBy(() -> readAll(utf8("{\"prompt\": \"p\", \"completions\": [{\"response\": \"a\","
        + " \"overall_score\": 3}, {\"response\": \"b\"}]}"), null))
        .hasMessage("test.jsonl line 1: \"completions[1].overall_score\" is missing (also accepted: overall_score,"
            + " score, rating, fine-grained_score)");
  }

  @Test
  void candidatesReadOneOrSeveralResponsesPerRecord() throws IOException {
    List<PreferenceRecord> single = readAll(fixture("candidates.json"), null);
    assertThat(single).extracting(PreferenceRecord::line).containsExactly(2L, 8L);
    assertThat(single.get(1).responses()).containsExactly(
        new ResponseText("こんにちは", "gpt", Map.of("dataset", "koala")));
    assertThat(single).allSatisfy(r -> assertThat(r.isCandidates()).isTrue());

    List<PreferenceRecord> multi = readAll(fixture("candidates-multi.jsonl"), null);
    assertThat(multi.get(0).responses()).containsExactly(
        new ResponseText("1", "default-gen", Map.of("dataset", "numbers")),
        new ResponseText("2", "default-gen", Map.of("dataset", "numbers")),
        new ResponseText("3", "m3", Map.of("dataset", "numbers")));
    assertThat(multi.get(1).responses()).containsExactly(
        ResponseText.of("Hi", "a"), new ResponseText("Hello", "b", Map.of("dataset", "own")));
  }
}
