package dev.assay.trainer.model;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** The one Jackson mapper for model files and reports (thread-safe once configured). */
public final class ModelJson {
  /**
   * Unknown properties are ignored so that a newer writer's additions do not break an older reader;
   * incompatible changes bump {@link ModelManifest#FORMAT_VERSION} instead.
   */
  public static final ObjectMapper MAPPER =
      new ObjectMapper()
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
          .configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false);

  private ModelJson() {}
}
