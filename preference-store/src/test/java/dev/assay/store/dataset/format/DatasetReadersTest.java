package dev.assay.store.dataset.format;

import static dev.assay.store.dataset.format.FormatTestSupport.gzip;
import static dev.assay.store.dataset.format.FormatTestSupport.open;
import static dev.assay.store.dataset.format.FormatTestSupport.readAll;
import static dev.assay.store.dataset.format.FormatTestSupport.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.assay.store.record.Choice;
import dev.assay.store.record.PreferenceRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Containers, encodings, limits and error reporting, independent of the dataset format. */
class DatasetReadersTest {
  private static final String GOOD = "{\"prompt\": \"p\", \"chosen\": \"c\", \"rejected\": \"r\"}\n";

  @Test
  void brokenJsonNamesItsLineAndReadingContinuesAfterIt() throws IOException {
    String file = GOOD + GOOD + GOOD + "{\"prompt\": \"p\", \"chosen\": \"c\"\n" + GOOD;
    try (RecordReader reader = open(file)) {
      List<Long> lines = new ArrayList<>();
      DatasetFormatException error = null;
      while (true) {
        try {
          if (!reader.hasNext()) {
            break;
          }
          lines.add(reader.next().line());
        } catch (DatasetFormatException e) {
          error = e;
        }
      }
      assertThat(lines).containsExactly(1L, 2L, 3L, 5L);
      assertThat(error.line()).isEqualTo(4);
      assertThat(error.getMessage()).startsWith("test.jsonl line 4: broken JSON: Unexpected end-of-input");
    }
  }

  @Test
  void missingFieldNamesFieldAndLine() throws IOException {
    try (RecordReader reader = open(GOOD + "{\"prompt\": \"p\", \"chosen\": \"c\", \"rejectd\": \"r\"}\n")) {
      reader.next();
      DatasetFormatException e = catchThrowableOfType(DatasetFormatException.class, reader::hasNext);
      assertThat(e.getMessage()).isEqualTo("test.jsonl line 2: \"rejected\" is missing");
      assertThat(e.field()).isEqualTo("rejected");
      assertThat(e.line()).isEqualTo(2);
      assertThat(reader.hasNext()).isFalse();
    }
  }

  @Test
  void wrongTypeIsNamed() {
    assertThatThrownBy(() -> readAll(utf8(GOOD + "{\"prompt\": 3, \"chosen\": \"c\", \"rejected\": \"r\"}\n"), null))
        .hasMessage("test.jsonl line 2: \"prompt\" must be a string but was a number");
  }

  @Test
  void invalidUtf8IsRejectedWithItsLine() throws IOException {
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    data.write(utf8(GOOD));
    data.write(utf8("{\"prompt\": \"caf"));
    data.write(new byte[] {(byte) 0xC3, (byte) 0x28}); // a broken two-byte sequence
    data.write(utf8("\", \"chosen\": \"c\", \"rejected\": \"r\"}\n" + GOOD));
    try (RecordReader reader = open(data.toByteArray(), null, ImportLimits.DEFAULTS)) {
      reader.next();
      assertThatThrownBy(reader::next).isInstanceOf(DatasetFormatException.class)
          .hasMessage("test.jsonl line 2: invalid UTF-8 at byte 16 of the line");
      assertThat(reader.next().line()).isEqualTo(3);
    }
  }

  @Test
  void invalidUtf8InAnArrayEndsTheFileWithItsLine() throws IOException {
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    data.write(utf8("[\n"));
    for (int i = 0; i < 2000; i++) {
      data.write(utf8("{\"instruction\": \"i\", \"output\": \"o\"},\n"));
    }
    data.write(utf8("{\"instruction\": \"\u00e9"));
    data.write(new byte[] {(byte) 0xE9, 'x'}); // Latin-1 é inside UTF-8
    data.write(utf8("\", \"output\": \"o\"}\n]"));
    try (RecordReader reader = open(data.toByteArray(), null, ImportLimits.DEFAULTS)) {
      for (int i = 0; i < 2000; i++) {
        reader.next();
      }
      DatasetFormatException e = catchThrowableOfType(DatasetFormatException.class, reader::next);
      assertThat(e.getMessage()).startsWith("test.jsonl line 2002: invalid UTF-8");
      assertThat(reader.hasNext()).isFalse();
    }
  }

  @Test
  void controlCharactersAreKeptAsTheyAre() throws IOException {
    String text = "a\u0007b\u009f\u0001\n\tc\r\n";
    assertThat(readAll(utf8("{\"prompt\": \"a\\u0007b\\u009f\\u0001\\n\\tc\\r\\n\", \"chosen\": \"c\u009f\","
        + " \"rejected\": \"r\"}"), null))
        .singleElement().satisfies(r -> {
          assertThat(r.prompt().get(0).content()).isEqualTo(text);
          assertThat(r.chosen().text()).isEqualTo("c\u009f");
        });
  }

  @Test
  void aNulIsRefusedNamingItsLineFieldAndPosition() {
    assertThatThrownBy(() -> readAll(utf8("{\"prompt\": \"p\", \"chosen\": \"c\", \"rejected\": \"r\"}\n"
        + "{\"prompt\": \"p\", \"chosen\": \"c\", \"rejected\": \"ab\\u0000\"}"), null))
        .hasMessage("test.jsonl line 2: \"rejected\" contains the character U+0000 at position 3,"
            + " which cannot be stored");
  }

  @Test
  void unpairedSurrogatesAreRejected() {
    assertThatThrownBy(() -> readAll(utf8("{\"prompt\": \"\\ud83d\", \"chosen\": \"c\", \"rejected\": \"r\"}"), null))
        .hasMessageContaining("\"prompt\" contains an unpaired surrogate U+D83D");
  }

  @Test
  void textLimitAppliesPerField() throws IOException {
    String fits = "é".repeat(1_000_000); // 2 MB of UTF-8, within the default record limit
    assertThat(readAll(utf8(line("p", fits, "r")), null)).singleElement()
        .satisfies(r -> assertThat(r.chosen().text()).hasSize(1_000_000));
    assertThatThrownBy(() -> readAll(utf8(line("p", fits + "y", "r")), null))
        .hasMessage("test.jsonl line 1: \"chosen\" is 1000001 characters long; the limit is 1000000");
  }

  @Test
  void recordSizeLimitSkipsTheLongLineAndGoesOn() throws IOException {
    ImportLimits limits = new ImportLimits(1000, 1_000_000, 32, 64);
    String file = GOOD + line("p", "x".repeat(5000), "r") + GOOD;
    try (RecordReader reader = open(utf8(file), null, limits)) {
      assertThat(reader.next().line()).isEqualTo(1);
      assertThatThrownBy(reader::next).hasMessage("test.jsonl line 2: the record is 5046 bytes long; the limit is 1000 bytes");
      assertThat(reader.next().line()).isEqualTo(3);
    }
  }

  @Test
  void recordSizeLimitAppliesToArrayElementsToo() throws IOException {
    ImportLimits limits = new ImportLimits(1000, 1_000_000, 32, 64);
    String file = "[{\"instruction\": \"i\", \"output\": \"o\"},\n {\"instruction\": \"" + "x".repeat(3000)
        + "\", \"output\": \"o\"},\n {\"instruction\": \"j\", \"output\": \"o\"}]";
    try (RecordReader reader = open(utf8(file), null, limits)) {
      reader.next();
      assertThatThrownBy(reader::next).hasMessageContaining("line 2: array element 2 is longer than the limit");
      assertThat(reader.next().prompt().get(0).content()).isEqualTo("j");
      assertThat(reader.hasNext()).isFalse();
    }
  }

  @Test
  void nestingDepthIsLimited() {
    String deep = "[".repeat(40) + "]".repeat(40);
    assertThatThrownBy(() -> readAll(utf8(GOOD + "{\"prompt\": \"p\", \"chosen\": \"c\", \"rejected\": \"r\", \"x\": "
        + deep + "}\n"), null))
        .hasMessage("test.jsonl line 2: JSON nested deeper than 32 levels");
  }

  @Test
  void tooManyResponsesAreRefused() {
    ImportLimits limits = new ImportLimits(4096, 1000, 32, 3);
    assertThatThrownBy(() -> readAll(utf8("{\"prompt\": \"p\", \"outputs\": [\"a\", \"b\", \"c\", \"d\"]}"), null, limits))
        .hasMessage("test.jsonl line 1: \"outputs\" must hold 1 to 3 responses but has 4");
  }

  @Test
  void gzipIsRecognisedByContentNotName() throws IOException {
    List<PreferenceRecord> plain = readAll(utf8(GOOD + GOOD), null);
    assertThat(readAll(gzip(utf8(GOOD + GOOD)), null)).isEqualTo(plain);
  }

  @Test
  void truncatedGzipIsAFormatError() throws IOException {
    byte[] gz = gzip(utf8(GOOD.repeat(200)));
    byte[] truncated = java.util.Arrays.copyOf(gz, gz.length / 2);
    assertThatThrownBy(() -> readAll(truncated, null))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining("compressed data is corrupt or truncated");
  }

  @Test
  void byteOrderMarkBlankLinesAndCrLfAreTolerated() throws IOException {
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    byte[] body = utf8(GOOD.replace("\n", "\r\n") + "\r\n   \n" + GOOD);
    byte[] data = new byte[bom.length + body.length];
    System.arraycopy(bom, 0, data, 0, 3);
    System.arraycopy(body, 0, data, 3, body.length);
    assertThat(readAll(data, null)).extracting(PreferenceRecord::line).containsExactly(1L, 4L);
  }

  @Test
  void brokenJsonInAnArrayEndsTheFile() throws IOException {
    String file = "[\n{\"instruction\": \"i\", \"output\": \"o\"},\n{\"instruction\": \"j\" \"output\": \"o\"},\n"
        + "{\"instruction\": \"k\", \"output\": \"o\"}\n]";
    try (RecordReader reader = open(utf8(file), null, ImportLimits.DEFAULTS)) {
      assertThat(reader.next().line()).isEqualTo(2);
      assertThatThrownBy(reader::next).hasMessageStartingWith("test.jsonl line 3: broken JSON: Unexpected character");
      assertThat(reader.hasNext()).isFalse();
    }
  }

  @Test
  void nonObjectLinesAndTrailingGarbageAreErrors() {
    assertThatThrownBy(() -> readAll(utf8("[1, 2]\n"), DatasetFormat.TRL_STANDARD))
        .hasMessageContaining("array element 1 is not a JSON object");
    assertThatThrownBy(() -> readAll(utf8("\"text\"\n"), DatasetFormat.TRL_STANDARD))
        .hasMessage("test.jsonl line 1: expected a JSON object but found a string");
    assertThatThrownBy(() -> readAll(utf8(GOOD.strip() + " {}\n"), null))
        .hasMessage("test.jsonl line 1: broken JSON: more than one JSON value on the line");
  }

  @Test
  void duplicateKeysAreBrokenJson() {
    assertThatThrownBy(() -> readAll(utf8("{\"prompt\": \"p\", \"chosen\": \"c\", \"chosen\": \"d\", \"rejected\": \"r\"}"), null))
        .hasMessageContaining("broken JSON: Duplicate field 'chosen'");
  }

  @Test
  void undetectableFormatListsTheFieldsSeen() {
    assertThatThrownBy(() -> readAll(utf8("{\"question\": \"q\", \"answer\": \"a\"}"), null))
        .hasMessageStartingWith("test.jsonl line 1: cannot tell the format from the first record's fields"
            + " (\"question\", \"answer\"); choose one explicitly");
  }

  @Test
  void emptyFileNeedsAForcedFormat() throws IOException {
    assertThatThrownBy(() -> readAll(new byte[0], null)).hasMessage("test.jsonl: the file has no records, so its"
        + " format cannot be detected");
    assertThat(readAll(utf8("\n\n"), DatasetFormat.TRL_STANDARD)).isEmpty();
  }

  @Test
  void csvIsReadWithItsRowsLineNumbers() throws IOException {
    byte[] csv = utf8("prompt,response_a,response_b,generator_a,generator_b,choice,strength,original_id\r\n"
        + "\"'=p\",\"two\r\nlines\",\"\",m1,,B,2.0,x\r\n"
        + "q,\"'-a\",,,,,,\r\n"
        + "r,a,b,,,MAYBE,,\r\n");
    List<PreferenceRecord> records = new ArrayList<>();
    DatasetFormatException e;
    try (RecordReader reader = open(csv, DatasetFormat.CSV, ImportLimits.DEFAULTS)) {
      records.add(reader.next());
      records.add(reader.next());
      e = catchThrowableOfType(DatasetFormatException.class, reader::next);
    }
    assertThat(records.get(0).prompt().get(0).content()).isEqualTo("=p");
    assertThat(records.get(0).responses()).extracting(r -> r.text()).containsExactly("two\r\nlines", "");
    assertThat(records.get(0).responses()).extracting(r -> r.generator()).containsExactly("m1", null);
    assertThat(records.get(0).choice()).isEqualTo(Choice.B);
    assertThat(records.get(0).line()).isEqualTo(2);
    assertThat(records.get(1).responses()).singleElement().extracting(r -> r.text()).isEqualTo("-a");
    assertThat(records.get(1).line()).isEqualTo(4);
    assertThat(e.getMessage()).startsWith("test.jsonl line 5: \"choice\" must be A, B, TIE, BOTH_BAD");
  }

  private static String line(String prompt, String chosen, String rejected) {
    return "{\"prompt\": \"" + prompt + "\", \"chosen\": \"" + chosen + "\", \"rejected\": \"" + rejected + "\"}\n";
  }
}
