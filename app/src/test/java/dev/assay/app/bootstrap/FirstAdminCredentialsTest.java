package dev.assay.app.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** The first admin's generated password goes to a file only its owner can read, never to the log. */
@QuarkusTest
class FirstAdminCredentialsTest {
  @Inject Bootstrap bootstrap;

  @ConfigProperty(name = "assay.bootstrap.credentials-file", defaultValue = Bootstrap.DEFAULT_CREDENTIALS_FILE)
  String credentialsFileName;

  @Test
  void theGeneratedPasswordIsWrittenToAnOwnerOnlyFileAndNeverLogged() throws Exception {
    List<String> logged = new CopyOnWriteArrayList<>();
    Handler capture = new Handler() {
      @Override
      public void publish(LogRecord record) {
        logged.add(String.valueOf(record.getMessage()) + " " + java.util.Arrays.toString(record.getParameters()));
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    Logger root = Logger.getLogger("");
    root.addHandler(capture);
    try {
      bootstrap.createFirstAdmin("first-admin-" + UUID.randomUUID().toString().substring(0, 8));
    } finally {
      root.removeHandler(capture);
    }

    Path credentialsFile = Path.of(credentialsFileName);
    assertThat(credentialsFile).exists();
    String password = Files.readAllLines(credentialsFile).stream()
        .filter(line -> line.startsWith("password: ")).findFirst().orElseThrow().substring("password: ".length());
    assertThat(password).hasSizeGreaterThanOrEqualTo(10);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(credentialsFile))).isEqualTo("rw-------");
    assertThat(logged).isNotEmpty().noneMatch(line -> line.contains(password));
  }
}
