package dev.assay.platform.digest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 as lower-case hex: content addresses, key hashes, model files and training data. */
public final class Sha256 {
  private Sha256() {}

  /** A fresh digest, for hashing in several parts. */
  public static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /** The hash of a text's UTF-8 bytes. */
  public static String hex(String text) {
    return hex(digest().digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  /** The hash of a file's bytes, read as a stream. */
  public static String hex(Path file) throws IOException {
    MessageDigest digest = digest();
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return hex(digest.digest());
  }

  /** A finished digest as hex. */
  public static String hex(byte[] digest) {
    return HexFormat.of().formatHex(digest);
  }
}
