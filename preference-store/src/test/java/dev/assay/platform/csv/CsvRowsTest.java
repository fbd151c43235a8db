package dev.assay.platform.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvRowsTest {

  @Test
  void quotesFieldsWithSeparatorsAndDoublesQuotes() throws IOException {
    StringWriter text = new StringWriter();
    try (CsvRows rows = new CsvRows(text)) {
      rows.row(Arrays.asList("plain", "a,b", "say \"hi\"", "two\nlines", null));
    }

    assertThat(text.toString()).isEqualTo("plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\r\n");
  }

  @Test
  void neutralisesCellsASpreadsheetWouldRunAsFormulas() {
    assertThat(List.of("=HYPERLINK(\"http://x\")", "+1+cmd", "-2+3", "@SUM(A1)").stream().map(CsvRows::cell))
        .containsExactly("\"'=HYPERLINK(\"\"http://x\"\")\"", "'+1+cmd", "'-2+3", "'@SUM(A1)");
  }

  @Test
  void leavesNumbersAndOrdinaryTextAlone() {
    assertThat(List.of("-0.5", "+3", "1e-3", "hello = world").stream().map(CsvRows::cell))
        .containsExactly("-0.5", "+3", "1e-3", "hello = world");
  }

  @Test
  void tellsTheEmptyTextFromNull() {
    assertThat(CsvRows.cell("")).isEqualTo("\"\"");
    assertThat(CsvRows.cell(null)).isEmpty();
  }

  @Test
  void aCellStartingWithAQuoteIsPrefixedTooSoEveryPrefixCanBeUndone() {
    List<String> values = List.of("'already quoted", "'=x", "''", "=x", "-y", "-0.5", "it's", "plain", "@");
    assertThat(values.stream().map(CsvRows::cell).toList())
        .containsExactly("''already quoted", "''=x", "'''", "'=x", "'-y", "-0.5", "it's", "plain", "'@");
    assertThat(values.stream().map(v -> CsvRows.text(CsvRows.cell(v))).toList()).isEqualTo(values);
  }
}
