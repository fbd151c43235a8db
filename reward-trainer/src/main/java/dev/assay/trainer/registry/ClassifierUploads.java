package dev.assay.trainer.registry;

import dev.assay.platform.problem.ProblemException;
import dev.assay.trainer.TrainerSettings;
import dev.assay.trainer.model.ModelDirectory;
import io.quarkus.runtime.configuration.MemorySize;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Registers a classifier uploaded as a zip archive of its directory ({@code model.json}, {@code classifier.json}
 * and the parameters, at the root or in one folder). The archive is unpacked into a directory of its own under
 * the data directory, refusing entries that would land outside it and archives that unpack to more than the
 * upload limit or to more than {@value #MAX_ENTRIES} files, then handed to {@link ModelRegistry}.
 */
@ApplicationScoped
public class ClassifierUploads {
  private static final Logger LOG = Logger.getLogger(ClassifierUploads.class);
  static final int MAX_ENTRIES = 1_000;
  /** The extensions by which an evaluation file's format is told; anything else is sniffed from its content. */
  private static final Pattern EVALUATION_EXTENSION = Pattern.compile("\\.(csv|jsonl|json)(\\.gz)?$");

  private final ModelRegistry registry;
  private final TrainerSettings settings;
  private final long maxBytes;

  public ClassifierUploads(ModelRegistry registry, TrainerSettings settings,
      @ConfigProperty(name = "assay.http.max-model-upload-size", defaultValue = "1G") MemorySize maxUploadSize) {
    this.registry = registry;
    this.settings = settings;
    this.maxBytes = maxUploadSize.asLongValue();
  }

  /**
   * @param archive the uploaded zip archive, or null when none was sent
   * @param evaluation an uploaded evaluation file, or null
   * @param evaluationFileName the name it was uploaded under (only its extension is used), or null
   * @return the new model's id
   * @throws ProblemException 422 naming {@code name}, {@code model} or {@code evaluation}
   */
  public long register(String name, Path archive, Path evaluation, String evaluationFileName) {
    if (archive == null) {
      throw ProblemException.invalid("model", "send the classifier's directory as a zip archive in the part \"model\"");
    }
    Path work = null;
    try {
      work = Files.createDirectories(settings.dataDir().resolve("uploads")).resolve("classifier-" + System.nanoTime());
      Path unpacked = unpack(archive, work.resolve("model"));
      Path evaluationCopy = null;
      if (evaluation != null) {
        evaluationCopy = work.resolve("evaluation" + extension(evaluationFileName));
        Files.copy(evaluation, evaluationCopy);
      }
      return registry.registerClassifier(modelRoot(unpacked), name, evaluationCopy);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot unpack the uploaded classifier", e);
    } finally {
      deleteQuietly(work);
    }
  }

  private Path unpack(Path archive, Path into) throws IOException {
    Files.createDirectories(into);
    long written = 0;
    int entries = 0;
    try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(archive))) {
      for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
        if (++entries > MAX_ENTRIES) {
          throw ProblemException.invalid("model", "the archive has more than " + MAX_ENTRIES + " entries");
        }
        Path target = into.resolve(entry.getName()).normalize();
        if (!target.startsWith(into) || target.equals(into) && !entry.isDirectory()) {
          throw ProblemException.invalid("model", "the archive entry \"" + entry.getName() + "\" points outside the archive");
        }
        if (entry.isDirectory()) {
          Files.createDirectories(target);
          continue;
        }
        Files.createDirectories(target.getParent());
        written += copyBounded(zip, target, maxBytes - written);
      }
    } catch (ZipException | IllegalArgumentException e) {
      throw ProblemException.invalid("model", "not a readable zip archive: " + e.getMessage());
    }
    if (entries == 0) {
      throw ProblemException.invalid("model", "not a zip archive, or an empty one");
    }
    return into;
  }

  /** Copies at most {@code budget} bytes; the sizes an entry declares are not trusted. */
  private static long copyBounded(InputStream in, Path target, long budget) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    long copied = 0;
    try (OutputStream out = Files.newOutputStream(target)) {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        copied += n;
        if (copied > budget) {
          throw ProblemException.invalid("model", "the archive unpacks to more than the upload limit");
        }
        out.write(buffer, 0, n);
      }
    }
    return copied;
  }

  /** The unpacked directory, or its only folder when the archive holds the model directory itself. */
  private static Path modelRoot(Path unpacked) throws IOException {
    if (Files.exists(unpacked.resolve(ModelDirectory.MANIFEST))) {
      return unpacked;
    }
    try (Stream<Path> children = Files.list(unpacked)) {
      List<Path> folders = children.filter(Files::isDirectory).toList();
      return folders.size() == 1 ? folders.getFirst() : unpacked;
    }
  }

  private static String extension(String fileName) {
    if (fileName == null) {
      return "";
    }
    Matcher matcher = EVALUATION_EXTENSION.matcher(fileName.toLowerCase(Locale.ROOT));
    return matcher.find() ? matcher.group() : "";
  }

  private static void deleteQuietly(Path directory) {
    if (directory == null || !Files.exists(directory)) {
      return;
    }
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // Leftovers under uploads/ cost disk only; the registration's own outcome matters more.
      LOG.warnf("cannot remove %s: %s", directory, e.getMessage());
    }
  }
}
