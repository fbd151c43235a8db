package dev.assay.store.text;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;

/**
 * Content addresses: SHA-256 (hex) of the NFC-normalised text, so that canonically equivalent texts
 * (the same characters, composed differently) are stored once.
 */
public final class ContentHash {
  private ContentHash() {}

  public static String of(String text) {
    return sha256(Normalizer.normalize(text, Normalizer.Form.NFC));
  }

  /** The hash of several parts, separated so that ("ab","c") and ("a","bc") differ. */
  public static String ofParts(String... parts) {
    StringBuilder joined = new StringBuilder();
    for (String part : parts) {
      joined.append(part == null ? "\u0000null" : part).append('\u0001');
    }
    return sha256(joined.toString());
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
