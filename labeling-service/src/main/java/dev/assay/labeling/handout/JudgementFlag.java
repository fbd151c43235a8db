package dev.assay.labeling.handout;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What a rater can flag on a judgement, whatever the verdict: the one vocabulary the API validates
 * and the labeling view offers. {@code code} is what the API and the store carry; {@code key} is the
 * view's keyboard shortcut.
 */
public enum JudgementFlag {
  UNSAFE("unsafe", "Unsafe", "U"),
  FACTUALLY_WRONG("factually_wrong", "Factually wrong", "F"),
  REFUSAL("refusal", "Refusal", "R"),
  OFF_TOPIC("off_topic", "Off-topic", "O"),
  OTHER("other", "Other problem", "X");

  private final String code;
  private final String label;
  private final String key;

  JudgementFlag(String code, String label, String key) {
    this.code = code;
    this.label = label;
    this.key = key;
  }

  public String code() {
    return code;
  }

  public String label() {
    return label;
  }

  public String key() {
    return key;
  }

  /** The flag with this code, ignoring case and surrounding spaces. */
  public static Optional<JudgementFlag> ofCode(String code) {
    String wanted = code == null ? "" : code.trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(flag -> flag.code.equals(wanted)).findFirst();
  }

  /** Every code, for error messages. */
  public static String codes() {
    return Arrays.stream(values()).map(JudgementFlag::code).toList().toString();
  }
}
