package dev.assay.trainer.model;

import com.fasterxml.jackson.core.JacksonException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * {@value #FILE}, next to {@code model.json} in a classifier's directory: what the logits mean and how
 * to read examples for it.
 *
 * @param labels the class labels, in the order of the head's outputs
 * @param columns the columns the model was trained on; evaluation reads the same ones
 * @param temperature the logits are divided by it before the softmax (fitted on the validation split;
 *     1 when there was none or fitting did not lower its calibration error)
 * @param validationEce the top-label calibration error on the validation split before calibration
 * @param calibratedValidationEce the same after dividing by {@code temperature}
 */
public record ClassifierSpec(
    List<String> labels, TextColumns columns, double temperature, Double validationEce, Double calibratedValidationEce) {

  public static final String FILE = "classifier.json";

  public ClassifierSpec {
    labels = List.copyOf(labels);
    if (labels.size() < 2 || !(temperature > 0)) {
      throw new IllegalArgumentException("a classifier needs two or more labels and a positive temperature");
    }
  }

  public void write(Path directory) throws IOException {
    Files.createDirectories(directory);
    Path temp = directory.resolve(FILE + ".tmp");
    ModelJson.MAPPER.writerWithDefaultPrettyPrinter().writeValue(temp.toFile(), this);
    Files.move(temp, directory.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  public static ClassifierSpec read(Path directory) throws ModelLoadException {
    Path file = directory.resolve(FILE);
    try {
      return ModelJson.MAPPER.readValue(file.toFile(), ClassifierSpec.class);
    } catch (JacksonException e) {
      throw new ModelLoadException(file + " is not a valid classifier description: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new ModelLoadException("cannot read " + file + ": " + e, e);
    }
  }
}
