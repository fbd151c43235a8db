package dev.assay.guardrail.rules;

/** A transformation {@link TextNormalizer} applies; the wire name is what a decision trace shows. */
public enum Normalization {
  NFKC("nfkc"),
  INVISIBLE_REMOVED("invisible-removed"),
  CONFUSABLES_FOLDED("confusables-folded"),
  SPACING_JOINED("spacing-joined"),
  LEETSPEAK_UNDONE("leetspeak-undone"),
  BASE64_DECODED("base64-decoded"),
  HEX_DECODED("hex-decoded"),
  URL_DECODED("url-decoded"),
  ROT13_DECODED("rot13-decoded"),
  SPLIT_JOINED("split-joined");

  private final String wireName;

  Normalization(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }
}
