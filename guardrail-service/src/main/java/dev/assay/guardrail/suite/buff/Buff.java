package dev.assay.guardrail.suite.buff;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * An obfuscation of an attack (garak's buffs): one operator, applied alone, that keeps the request's
 * meaning for a capable model while changing its surface. Buffs are deterministic: where they need
 * randomness it comes from {@code seed}, which the builder derives from the probe's key.
 */
public interface Buff {
  /** The operator's name, the probe's {@code mutation} tag: {@code leetspeak}. */
  String name();

  String apply(String text, long seed);

  /** Every buff, in the order mutated probes are listed. */
  static List<Buff> all() {
    return List.of(new LetterCase(), new Leetspeak(), new ZeroWidth(), new Homoglyphs(), new LetterSpacing(),
        new Base64Wrap(), new Rot13Wrap(), new PayloadSplit(), new IgnoreInstructions());
  }

  /** A stable 64-bit seed of a key (the same on every machine and run, unlike {@code String.hashCode} mixing). */
  static long seedOf(String key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      long seed = 0;
      for (int i = 0; i < Long.BYTES; i++) {
        seed = (seed << 8) | (digest[i] & 0xff);
      }
      return seed;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
