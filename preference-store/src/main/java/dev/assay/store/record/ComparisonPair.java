package dev.assay.store.record;

import dev.assay.store.text.ContentHash;

/**
 * Two responses to one prompt, by content hash, with their generators: what identifies a comparison.
 * {@link #contentHash} is the one rule for a comparison's {@code content_hash}, so a pair imported from a
 * file and the same pair built from candidates are the same comparison.
 */
public record ComparisonPair(
    String promptHash, String responseAHash, String generatorA, String responseBHash, String generatorB) {

  public String contentHash() {
    return contentHash(promptHash, responseAHash, generatorA, responseBHash, generatorB);
  }

  /** The same without a pair object, for the import's per-record loop. */
  public static String contentHash(
      String promptHash, String responseAHash, String generatorA, String responseBHash, String generatorB) {
    return ContentHash.ofParts("comparison", promptHash, responseAHash, generatorA, responseBHash, generatorB);
  }
}
