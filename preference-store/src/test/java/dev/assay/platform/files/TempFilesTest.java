package dev.assay.platform.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TempFilesTest {
  @TempDir Path root;

  @Test
  void writesTheContentToANewFileInTheDirectoryItCreates() throws IOException {
    Path dir = root.resolve("spool/uploads");

    Path file = TempFiles.write(dir, "upload-", ".data", out -> out.write("rows".getBytes(StandardCharsets.UTF_8)));

    assertThat(file.getParent()).isEqualTo(dir);
    assertThat(file.getFileName().toString()).startsWith("upload-").endsWith(".data");
    assertThat(file).hasContent("rows");
  }

  @Test
  void aWriteThatFailsLeavesNoFileBehind() throws IOException {
    Path dir = root.resolve("spool");

    assertThatThrownBy(() -> TempFiles.write(dir, "download-", ".part", out -> {
      out.write(new byte[100_000]);
      throw new IOException("the client went away");
    })).isInstanceOf(IOException.class).hasMessage("the client went away");
    assertThatThrownBy(() -> TempFiles.write(dir, "download-", ".part", out -> {
      throw new IllegalStateException("a bad row");
    })).isInstanceOf(IllegalStateException.class);

    try (var files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void deletingNothingOrAMissingFileIsNoError() throws IOException {
    Path file = Files.writeString(root.resolve("left"), "x");

    TempFiles.deleteQuietly(file);
    TempFiles.deleteQuietly(file);
    TempFiles.deleteQuietly(null);

    assertThat(file).doesNotExist();
  }
}
