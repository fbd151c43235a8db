package dev.assay.guardrail.defaults;

import dev.assay.guardrail.engine.GuardrailEngine;
import dev.assay.guardrail.engine.GuardrailEngine.PreparedPolicy;
import dev.assay.guardrail.engine.PolicyCompiler;
import dev.assay.guardrail.policy.document.CheckSpec;
import dev.assay.guardrail.policy.document.PolicyDocument;
import dev.assay.guardrail.policy.document.PolicyDocuments;
import dev.assay.guardrail.scoring.ClassifierModels;
import dev.assay.trainer.featurize.FeaturizerOptions;
import dev.assay.trainer.model.ClassifierSpec;
import dev.assay.trainer.model.ModelDirectory;
import dev.assay.trainer.model.ModelLoadException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * The policy Assay ships, {@value #NAME}, and the safety classifiers it names, read from the classpath:
 * a fresh clone guards with them before anyone has trained a model, and a suite can be run against them
 * without a database. {@code infra/models/train-default-models.sh} re-creates the models from the public
 * data; the document's thresholds were chosen for exactly those models.
 */
public final class DefaultPolicy {
  public static final String NAME = "default";
  /** The document, YAML with comments. */
  public static final String DOCUMENT_RESOURCE = "guardrail/default-policy.yaml";
  /** Each shipped classifier is a model directory under this folder, named as the registry names it. */
  public static final String MODELS_RESOURCE = "guardrail/default-models/";
  /** The files of a classifier directory: the classpath cannot be listed, so they are named here. */
  static final List<String> MODEL_FILES = List.of(ModelDirectory.MANIFEST, ModelDirectory.PARAMETERS, ClassifierSpec.FILE);

  private DefaultPolicy() {}

  /** The document's text, as shipped (with its comments). */
  public static String yaml() {
    try (InputStream in = resource(DOCUMENT_RESOURCE)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + DOCUMENT_RESOURCE, e);
    }
  }

  /** The document, parsed and checked. */
  public static PolicyDocument document() {
    return PolicyDocuments.parse(yaml(), true);
  }

  /** The registry names of the classifiers the document's checks use, in the order they appear. */
  public static List<String> modelNames() {
    PolicyDocument document = document();
    return Stream.concat(document.input().stream(), document.output().stream())
        .filter(check -> CheckSpec.CLASSIFIER.equals(check.type()))
        .map(CheckSpec::model)
        .distinct()
        .toList();
  }

  /**
   * Loads every shipped classifier the document uses, for scoring without a registry. The caller closes
   * what it gets.
   *
   * @throws ModelLoadException when a shipped model is missing or does not load
   */
  public static ShippedClassifiers classifiers(FeaturizerOptions options) throws ModelLoadException {
    return ShippedClassifiers.load(modelNames(), options);
  }

  /**
   * Loads the classifiers the document uses from {@code directory}/NAME instead (models the training
   * script has just written, measured before they are shipped).
   */
  public static ShippedClassifiers classifiers(Path directory, FeaturizerOptions options) throws ModelLoadException {
    return ShippedClassifiers.load(directory, modelNames(), options);
  }

  /**
   * A policy document compiled over the given classifiers, outside the application (no registry, no
   * database, no audit): what a suite run from the command line evaluates. Each check may take up to
   * {@code checkTimeout}; reward checks cannot run (there is no reward model) and take the document's
   * onError decision.
   */
  public static PreparedPolicy prepare(PolicyDocument document, ClassifierModels classifiers, Duration checkTimeout) {
    return new GuardrailEngine(new PolicyCompiler(null, classifiers), new StandaloneSettings(checkTimeout))
        .prepare(document);
  }

  /**
   * Copies a shipped classifier's files into {@code directory} (created), which then loads like any model
   * directory, e.g. to register it.
   *
   * @throws IllegalArgumentException when no classifier of that name is shipped
   */
  public static Path extract(String name, Path directory) {
    try {
      Files.createDirectories(directory);
      for (String file : MODEL_FILES) {
        try (InputStream in = resource(MODELS_RESOURCE + name + "/" + file)) {
          Files.copy(in, directory.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
      }
      return directory;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy the shipped classifier " + name + " to " + directory, e);
    }
  }

  private static InputStream resource(String path) {
    InputStream in = DefaultPolicy.class.getClassLoader().getResourceAsStream(path);
    if (in == null) {
      throw new IllegalArgumentException("nothing is shipped at " + path + " on the classpath");
    }
    return in;
  }
}
