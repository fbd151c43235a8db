package dev.assay.guardrail.defaults;

import dev.assay.guardrail.scoring.ClassifierModels;
import dev.assay.trainer.featurize.FeaturizerOptions;
import dev.assay.trainer.model.ClassifierScorer;
import dev.assay.trainer.model.ModelLoadException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The classifiers shipped with {@link DefaultPolicy}, loaded from the classpath and served as if each
 * were in production: what a policy engine needs when there is no registry (a suite run from the command
 * line). Each one's version is {@value #VERSION_SUFFIX} after its name plus the first hex digits of its
 * parameters' hash, so a trace says which artifact decided.
 */
public final class ShippedClassifiers implements ClassifierModels, AutoCloseable {
  static final String VERSION_SUFFIX = "-shipped-";

  private final Map<String, ServedClassifier> served;

  private ShippedClassifiers(Map<String, ServedClassifier> served) {
    this.served = served;
  }

  static ShippedClassifiers load(List<String> names, FeaturizerOptions options) throws ModelLoadException {
    Map<String, ServedClassifier> served = new LinkedHashMap<>();
    Path work = null;
    try {
      work = Files.createTempDirectory("assay-default-models-");
      for (String name : names) {
        ClassifierScorer scorer = ClassifierScorer.load(DefaultPolicy.extract(name, work.resolve(name)), options);
        served.put(name, new ServedClassifier(name, version(name, scorer), scorer));
      }
      return new ShippedClassifiers(served);
    } catch (IOException | IllegalArgumentException | UncheckedIOException e) {
      served.values().forEach(s -> s.scorer().close());
      throw new ModelLoadException("the shipped classifiers cannot be loaded: " + e.getMessage(), e);
    } catch (ModelLoadException | RuntimeException e) {
      served.values().forEach(s -> s.scorer().close());
      throw e;
    } finally {
      // The scorers hold their parameters in memory: the extracted files are not needed after loading.
      deleteQuietly(work);
    }
  }

  /** The version a trace shows for a shipped classifier. */
  static String version(String name, ClassifierScorer scorer) {
    String sha = scorer.manifest().parametersSha256();
    return name + VERSION_SUFFIX + (sha == null ? "unhashed" : sha.substring(0, Math.min(12, sha.length())));
  }

  @Override
  public Optional<ServedClassifier> production(String name) {
    return Optional.ofNullable(served.get(name));
  }

  /** The names served, in the order of the policy's checks. */
  public List<String> names() {
    return List.copyOf(served.keySet());
  }

  @Override
  public void close() {
    served.values().forEach(s -> s.scorer().close());
  }

  private static void deleteQuietly(Path directory) {
    if (directory == null) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // A leftover temporary copy harms nothing.
    }
  }
}
