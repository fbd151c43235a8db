package dev.assay.platform.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExportRowsTest {
  record Row(long id, String text) {}

  private static final List<String> HEADER = List.of("id", "text");

  @Test
  void csvHasTheHeaderThenEachRowsCellsAsCsvRowsWritesThem() throws IOException {
    assertThat(export(ExportFormat.CSV, new Row(1, "plain"), new Row(2, "=SUM(A1), \"quoted\"")))
        .isEqualTo("id,text\r\n1,plain\r\n2,\"'=SUM(A1), \"\"quoted\"\"\"\r\n");
  }

  @Test
  void jsonLinesHaveEachRowAsOneObjectAndNoHeader() throws IOException {
    assertThat(export(ExportFormat.JSONL, new Row(1, "two\nlines"), new Row(2, "é")))
        .isEqualTo("{\"id\":1,\"text\":\"two\\nlines\"}\n{\"id\":2,\"text\":\"é\"}\n");
  }

  @Test
  void anExportWithoutRowsIsTheHeaderAloneInCsvAndEmptyInJsonLines() throws IOException {
    assertThat(export(ExportFormat.CSV)).isEqualTo("id,text\r\n");
    assertThat(export(ExportFormat.JSONL)).isEmpty();
  }

  private static String export(ExportFormat format, Row... rows) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ExportRows<Row> export = ExportRows.start(format, out, HEADER,
        row -> List.of(String.valueOf(row.id()), row.text()), new ObjectMapper());
    for (Row row : rows) {
      export.write(row);
    }
    export.finish();
    return out.toString(StandardCharsets.UTF_8);
  }
}
