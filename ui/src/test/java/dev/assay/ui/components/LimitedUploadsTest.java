package dev.assay.ui.components;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.assay.platform.http.UploadLimits;
import dev.assay.platform.problem.Problem;
import dev.assay.platform.problem.ProblemException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class LimitedUploadsTest {
  private static final UploadLimits.Limit LIMIT = new UploadLimits.Limit(10, "assay.http.max-suite-upload-size");

  @Test
  void aFileOfExactlyTheLimitIsReadWhole() throws IOException {
    try (InputStream counted = LimitedUploads.counted(new ByteArrayInputStream(new byte[10]), LIMIT)) {
      assertThat(counted.readAllBytes()).hasSize(10);
    }
  }

  @Test
  void aFileOverTheLimitIsRefusedWith413NamingTheLimitAndItsSetting() {
    InputStream counted = LimitedUploads.counted(new ByteArrayInputStream(new byte[11]), LIMIT);

    Throwable thrown = catchThrowable(counted::readAllBytes);

    assertThat(thrown).isInstanceOf(ProblemException.class);
    Problem refused = ((ProblemException) thrown).toProblem();
    assertThat(refused.status()).isEqualTo(413);
    assertThat(refused.detail())
        .isEqualTo("the file is larger than the upload limit of 10 bytes (assay.http.max-suite-upload-size)");
  }
}
