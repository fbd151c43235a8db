package dev.assay.store.dataset.format;

import static dev.assay.store.dataset.format.FormatTestSupport.fixture;
import static dev.assay.store.dataset.format.FormatTestSupport.readAll;
import static dev.assay.store.dataset.format.FormatTestSupport.withoutLines;
import static dev.assay.store.dataset.format.FormatTestSupport.write;
import static dev.assay.store.dataset.format.FormatTestSupport.writeString;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.store.record.Choice;
import dev.assay.store.record.Message;
import dev.assay.store.record.PreferenceRecord;
import dev.assay.store.record.ResponseText;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What each writer produces, and what it refuses. */
class DatasetWritersTest {
  private static final List<Message> ONE_TURN = List.of(Message.user("Hi"));
  private static final List<Message> THREE_TURNS =
      List.of(Message.user("Hi"), Message.assistant("Hello"), Message.user("Bye"));

  private static PreferenceRecord pair(List<Message> prompt, Choice choice) {
    return new PreferenceRecord(prompt, List.of(ResponseText.of("a", "m1"), ResponseText.of("b", "m2")), choice,
        null, null, 1);
  }

  @Test
  void trlStandardWritesASingleUserPromptAsIs() {
    assertThat(writeString(DatasetFormat.TRL_STANDARD, pair(ONE_TURN, Choice.B)))
        .isEqualTo("{\"prompt\":\"Hi\",\"chosen\":\"b\",\"rejected\":\"a\"}\n");
  }

  @Test
  void trlStandardWritesMultiTurnPromptsInHhFormEndingWithTheAssistantCue() throws IOException {
    PreferenceRecord record = pair(THREE_TURNS, Choice.A);
    String written = writeString(DatasetFormat.TRL_STANDARD, record);
    assertThat(written).isEqualTo("{\"prompt\":\"\\n\\nHuman: Hi\\n\\nAssistant: Hello\\n\\nHuman: Bye"
        + "\\n\\nAssistant:\",\"chosen\":\" a\",\"rejected\":\" b\"}\n");
    assertThat(withoutLines(readAll(FormatTestSupport.utf8(written), null)))
        .containsExactly(new PreferenceRecord(THREE_TURNS, List.of(ResponseText.of("a"), ResponseText.of("b")),
            Choice.A, null, null, 0));
  }

  @Test
  void hhContinuationsSurviveEveryChosenRejectedFormat() throws IOException {
    List<PreferenceRecord> hh = withoutLines(readAll(fixture("hh-rlhf.jsonl"), null));
    for (DatasetFormat format : List.of(DatasetFormat.HH_RLHF, DatasetFormat.TRL_STANDARD,
        DatasetFormat.TRL_CONVERSATIONAL, DatasetFormat.TRL_IMPLICIT, DatasetFormat.OPENAI_PREFERENCE)) {
      assertThat(withoutLines(readAll(write(format, hh), format))).as(format.cliName()).isEqualTo(hh);
    }
  }

  @Test
  void nonAsciiIsWrittenAsUtf8NotEscaped() {
    PreferenceRecord record = new PreferenceRecord(List.of(Message.user("你好 👋 שלום")),
        List.of(ResponseText.of("é"), ResponseText.of("ß")), Choice.A, null, "ü", 1);
    assertThat(writeString(DatasetFormat.TRL_STANDARD, record))
        .isEqualTo("{\"id\":\"ü\",\"prompt\":\"你好 👋 שלום\",\"chosen\":\"é\",\"rejected\":\"ß\"}\n");
  }

  @ParameterizedTest
  @EnumSource(names = {"HH_RLHF", "TRL_STANDARD", "TRL_CONVERSATIONAL", "TRL_IMPLICIT", "OPENAI_PREFERENCE"})
  void chosenRejectedFormatsRefuseTiesAndCandidatesButKeepGoing(DatasetFormat format) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (RecordWriter writer = DatasetWriters.open(format, out)) {
      assertThatThrownBy(() -> writer.write(pair(ONE_TURN, Choice.TIE)))
          .isInstanceOf(UnsupportedRecordException.class)
          .hasMessage("a TIE judgement has no chosen and rejected response, so " + format.cliName() + " cannot hold it");
      assertThatThrownBy(() -> writer.write(pair(ONE_TURN, Choice.BOTH_BAD)))
          .isInstanceOf(UnsupportedRecordException.class);
      assertThatThrownBy(() -> writer.write(candidates(ResponseText.of("x"))))
          .isInstanceOf(UnsupportedRecordException.class)
          .hasMessageContaining("candidates record");
      writer.write(pair(ONE_TURN, Choice.A));
    }
    assertThat(out.toString(StandardCharsets.UTF_8).lines()).hasSize(1);
  }

  @Test
  void hhTextFormatsRefuseSystemPromptsThatConversationalFormatsKeep() {
    PreferenceRecord withSystem = pair(List.of(new Message("system", "Be nice"), Message.user("Hi")), Choice.A);
    assertThatThrownBy(() -> writeWithoutSkipping(DatasetFormat.HH_RLHF, withSystem))
        .isInstanceOf(UnsupportedRecordException.class)
        .hasMessageContaining("(trl-conversational can)");
    assertThatThrownBy(() -> writeWithoutSkipping(DatasetFormat.TRL_STANDARD, withSystem))
        .isInstanceOf(UnsupportedRecordException.class);
    assertThat(writeString(DatasetFormat.TRL_CONVERSATIONAL, withSystem)).isEqualTo(
        "{\"prompt\":[{\"role\":\"system\",\"content\":\"Be nice\"},{\"role\":\"user\",\"content\":\"Hi\"}],"
            + "\"chosen\":[{\"role\":\"assistant\",\"content\":\"a\"}],"
            + "\"rejected\":[{\"role\":\"assistant\",\"content\":\"b\"}]}\n");
    assertThat(writeString(DatasetFormat.OPENAI_PREFERENCE, withSystem)).isEqualTo(
        "{\"input\":{\"messages\":[{\"role\":\"system\",\"content\":\"Be nice\"},{\"role\":\"user\",\"content\":\"Hi\"}]},"
            + "\"preferred_output\":[{\"role\":\"assistant\",\"content\":\"a\"}],"
            + "\"non_preferred_output\":[{\"role\":\"assistant\",\"content\":\"b\"}]}\n");
  }

  @Test
  void alpacaEvalWritesTiesAsOnePointFiveAndRefusesBothBad() {
    assertThat(writeString(DatasetFormat.ALPACA_EVAL, pair(ONE_TURN, Choice.TIE))).isEqualTo(
        "{\"instruction\":\"Hi\",\"output_1\":\"a\",\"generator_1\":\"m1\",\"output_2\":\"b\",\"generator_2\":\"m2\","
            + "\"preference\":1.5}\n");
    assertThatThrownBy(() -> writeWithoutSkipping(DatasetFormat.ALPACA_EVAL, pair(ONE_TURN, Choice.BOTH_BAD)))
        .isInstanceOf(UnsupportedRecordException.class);
  }

  @Test
  void candidatesWriteOneOrSeveralOutputsAndRefuseJudgedPairs() {
    assertThat(writeString(DatasetFormat.CANDIDATES, candidates(ResponseText.of("x", "g"))))
        .isEqualTo("{\"instruction\":\"Hi\",\"output\":\"x\",\"generator\":\"g\"}\n");
    assertThat(writeString(DatasetFormat.CANDIDATES, candidates(ResponseText.of("x", "g"), ResponseText.of("y"))))
        .isEqualTo("{\"instruction\":\"Hi\",\"outputs\":[{\"output\":\"x\",\"generator\":\"g\"},{\"output\":\"y\"}]}\n");
    assertThatThrownBy(() -> writeWithoutSkipping(DatasetFormat.CANDIDATES, pair(ONE_TURN, Choice.A)))
        .isInstanceOf(UnsupportedRecordException.class)
        .hasMessage("a judged pair cannot be written as candidates: the judgement would be lost");
  }

  @Test
  void csvQuotesPerRfc4180() {
    PreferenceRecord record = new PreferenceRecord(List.of(Message.user("Say \"hi\", twice")),
        List.of(ResponseText.of("hi\nhi", "m,1"), ResponseText.of("hello")), Choice.TIE, 1.5, "id-1", 1);
    assertThat(writeString(DatasetFormat.CSV, record)).isEqualTo(
        "prompt,response_a,response_b,generator_a,generator_b,choice,strength,original_id\r\n"
            + "\"Say \"\"hi\"\", twice\",\"hi\nhi\",hello,\"m,1\",,TIE,1.5,id-1\r\n");
    assertThat(writeString(DatasetFormat.CSV, candidates(ResponseText.of("x"))))
        .endsWith("\r\nHi,x,,,,,,\r\n");
  }

  @Test
  void ultraFeedbackCannotBeWritten() {
    assertThatThrownBy(() -> DatasetWriters.open(DatasetFormat.ULTRAFEEDBACK, new ByteArrayOutputStream()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void formatsAreFoundByCliNameWithAHelpfulError() {
    assertThat(DatasetFormat.fromName("trl-conversational")).isEqualTo(DatasetFormat.TRL_CONVERSATIONAL);
    assertThat(DatasetFormat.fromName("HH-RLHF")).isEqualTo(DatasetFormat.HH_RLHF);
    assertThatThrownBy(() -> DatasetFormat.fromName("parquet"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown format \"parquet\"; valid formats: hh-rlhf, trl, trl-conversational, trl-implicit,"
            + " openai, alpaca-eval, ultrafeedback, candidates, csv");
  }

  private static PreferenceRecord candidates(ResponseText... responses) {
    return new PreferenceRecord(ONE_TURN, List.of(responses), null, null, null, 1);
  }

  private static void writeWithoutSkipping(DatasetFormat format, PreferenceRecord record) throws IOException {
    try (RecordWriter writer = DatasetWriters.open(format, new ByteArrayOutputStream())) {
      writer.write(record);
    }
  }
}
