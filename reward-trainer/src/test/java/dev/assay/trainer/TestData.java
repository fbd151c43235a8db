package dev.assay.trainer;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.assay.testing.RepositoryFiles;
import dev.assay.trainer.training.PairSet;
import dev.assay.trainer.training.TrainingPairs;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;

/** Test data: the fixture shipped with the module, and the shared real datasets when present. */
public final class TestData {
  public static final String HH = "hh-rlhf-harmless-dev.jsonl.gz";
  public static final String ALPACA_EVAL = "alpaca-eval-judged-pairs-dev.jsonl.gz";

  private TestData() {}

  private static Path fixtureCopy;

  /**
   * 84 AlpacaEval-format pairs: helpful answers over rude refusals, 7 ties, two sources. Copied to a
   * file once, since other modules' tests read it from this module's test jar.
   */
  public static synchronized Path fixtureFile() {
    if (fixtureCopy == null) {
      try (InputStream in = Objects.requireNonNull(TestData.class.getResourceAsStream("/fixtures/polite-vs-rude.jsonl"))) {
        Path copy = Files.createTempDirectory("assay-fixture-").resolve("polite-vs-rude.jsonl");
        Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
        copy.toFile().deleteOnExit();
        copy.getParent().toFile().deleteOnExit();
        fixtureCopy = copy;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return fixtureCopy;
  }

  public static PairSet fixture() throws IOException {
    return TrainingPairs.read(fixtureFile());
  }

  /**
   * A file of the shared data directory (system property {@code assay.shared-data}, else
   * {@code ../shared/data} next to the repository); skips the test when it is absent.
   */
  public static Path sharedFile(String name) {
    Path file = RepositoryFiles.sharedData().resolve(name).normalize();
    assumeTrue(Files.isRegularFile(file), "shared data file " + file + " is absent: skipping this real-data test");
    return file;
  }
}
