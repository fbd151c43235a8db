package dev.assay.guardrail.rules;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Kinds of personal data and secrets {@link PiiScanner} finds; wire names as policies spell them. */
public enum PiiType {
  EMAIL("email", "[EMAIL]"),
  PHONE("phone", "[PHONE]"),
  CREDIT_CARD("credit-card", "[CREDIT-CARD]"),
  IBAN("iban", "[IBAN]"),
  SECRET("secret", "[SECRET]");

  private final String wireName;
  private final String mask;

  PiiType(String wireName, String mask) {
    this.wireName = wireName;
    this.mask = mask;
  }

  public String wireName() {
    return wireName;
  }

  /** What {@link PiiScanner#redact} puts in place of a match. */
  public String mask() {
    return mask;
  }

  public static PiiType fromWire(String name) {
    for (PiiType type : values()) {
      if (type.wireName.equals(name)) {
        return type;
      }
    }
    throw new IllegalArgumentException("unknown PII type '" + name + "'; expected one of "
        + Arrays.stream(values()).map(PiiType::wireName).collect(Collectors.joining(", ")));
  }
}
