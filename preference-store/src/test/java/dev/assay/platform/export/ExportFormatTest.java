package dev.assay.platform.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.assay.platform.problem.ProblemException;
import org.junit.jupiter.api.Test;

class ExportFormatTest {

  @Test
  void readsTheNameAsAClientWritesItAndDefaultsToJsonLines() {
    assertThat(ExportFormat.of("csv")).isEqualTo(ExportFormat.CSV);
    assertThat(ExportFormat.of(" CSV ")).isEqualTo(ExportFormat.CSV);
    assertThat(ExportFormat.of("jsonl")).isEqualTo(ExportFormat.JSONL);
    assertThat(ExportFormat.of(null)).isEqualTo(ExportFormat.JSONL);
    assertThat(ExportFormat.of("")).isEqualTo(ExportFormat.JSONL);
  }

  @Test
  void anUnknownFormatIsA422NamingTheParameter() {
    ProblemException e = catchThrowableOfType(ProblemException.class, () -> ExportFormat.of("xlsx"));

    assertThat(e.status()).isEqualTo(422);
    assertThat(e.toProblem().field()).isEqualTo("format");
  }

  @Test
  void namesTheFileEndingAndMediaType() {
    assertThat(ExportFormat.CSV.extension()).isEqualTo("csv");
    assertThat(ExportFormat.CSV.mediaType()).isEqualTo("text/csv");
    assertThat(ExportFormat.JSONL.extension()).isEqualTo("jsonl");
    assertThat(ExportFormat.JSONL.mediaType()).isEqualTo("application/x-ndjson");
  }
}
