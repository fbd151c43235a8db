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
import java.util.function.Function;
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

  /** From the classpath: each model is copied to a temporary directory, loaded, and the copy deleted. */
  static ShippedClassifiers load(List<String> names, FeaturizerOptions options) throws ModelLoadException {
    Path work;
    try {
      work = Files.createTempDirectory("assay-default-models-");
    } catch (IOException e) {
      throw new ModelLoadException("cannot make a directory for the shipped classifiers: " + e.getMessage(), e);
    }
    try {
      return load(names, name -> DefaultPolicy.extract(name, work.resolve(name)), options);
    } finally {
      // The scorers hold their parameters in memory: the copies are not needed after loading.
      deleteQuietly(work);
    }
  }

  /** From {@code directory}/NAME, the layout the training script writes (candidates before shipping). */
  static ShippedClassifiers load(Path directory, List<String> names, FeaturizerOptions options)
      throws ModelLoadException {
    return load(names, directory::resolve, options);
  }

  private static ShippedClassifiers load(List<String> names, Function<String, Path> location, FeaturizerOptions options)
      throws ModelLoadException {
    Map<String, ServedClassifier> served = new LinkedHashMap<>();
    try {
      for (String name : names) {
        ClassifierScorer scorer = ClassifierScorer.load(location.apply(name), options);
        served.put(name, new ServedClassifier(name, version(name, scorer), scorer));
      }
      return new ShippedClassifiers(served);
    } catch (IllegalArgumentException | UncheckedIOException e) {
      served.values().forEach(s -> s.scorer().close());
      throw new ModelLoadException("the shipped classifiers cannot be loaded: " + e.getMessage(), e);
    } catch (ModelLoadException | RuntimeException e) {
      served.values().forEach(s -> s.scorer().close());
      throw e;
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

  static void deleteQuietly(Path directory) {
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
