package dev.assay.trainer;

import dev.assay.trainer.model.TextColumns;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The classifier fixture: questions about cooking, sports or gardening ({@code text}, {@code topic}),
 * 48 training rows in groups of two phrasings by {@code asker}, and 12 held-out rows in another phrasing
 * about other dishes, sports and plants (JSON lines).
 */
public final class ClassifierFixture {
  public static final TextColumns COLUMNS = new TextColumns("text", "topic", "asker");

  private ClassifierFixture() {}

  public static Path training(Path directory) {
    return copy("classifier-topics.csv", directory);
  }

  public static Path heldOut(Path directory) {
    return copy("classifier-topics-heldout.jsonl", directory);
  }

  private static Path copy(String name, Path directory) {
    try (InputStream in = Objects.requireNonNull(ClassifierFixture.class.getResourceAsStream("/fixtures/" + name))) {
      Path file = directory.resolve(name);
      Files.copy(in, file);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
