package dev.assay.platform.http;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * Limits what the JSON parser accepts while it reads, before any object is built: nesting depth,
 * string and number lengths. A breach is answered as a problem naming the limit (see ProblemMappers).
 */
@Singleton
public class JsonReadLimits implements ObjectMapperCustomizer {
  static final int MAX_NESTING_DEPTH = 64;
  static final int MAX_STRING_LENGTH = 1_000_000;
  static final int MAX_NUMBER_LENGTH = 100;

  @Override
  public void customize(ObjectMapper mapper) {
    mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
        .maxNestingDepth(MAX_NESTING_DEPTH)
        .maxStringLength(MAX_STRING_LENGTH)
        .maxNumberLength(MAX_NUMBER_LENGTH)
        .build());
  }
}
