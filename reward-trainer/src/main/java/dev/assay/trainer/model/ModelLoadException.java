package dev.assay.trainer.model;

/** A model directory that cannot be used, with what is wrong with it. */
public class ModelLoadException extends Exception {

  public ModelLoadException(String message) {
    super(message);
  }

  public ModelLoadException(String message, Throwable cause) {
    super(message, cause);
  }
}
