package dev.assay.store.text;

import dev.assay.platform.digest.Sha256;
import java.text.Normalizer;

/**
 * Content addresses: SHA-256 (hex) of the NFC-normalised text, so that canonically equivalent texts
 * (the same characters, composed differently) are stored once.
 */
public final class ContentHash {
  private ContentHash() {}

  public static String of(String text) {
    return Sha256.hex(Normalizer.normalize(text, Normalizer.Form.NFC));
  }

  /** The hash of several parts, separated so that ("ab","c") and ("a","bc") differ. */
  public static String ofParts(String... parts) {
    StringBuilder joined = new StringBuilder();
    for (String part : parts) {
      joined.append(part == null ? "\u0000null" : part).append('\u0001');
    }
    return Sha256.hex(joined.toString());
  }
}
