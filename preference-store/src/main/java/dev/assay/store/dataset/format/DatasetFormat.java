package dev.assay.store.dataset.format;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The dataset file formats Assay reads and writes, each with the name users type on the command line
 * and in the REST API ({@code --format trl}, {@code ?format=hh-rlhf}).
 *
 * <p>Every format can be read; every format but {@link #ULTRAFEEDBACK} can be written (UltraFeedback
 * rows are expanded into pairs on import, which cannot be folded back).
 */
public enum DatasetFormat {
  HH_RLHF("hh-rlhf"),
  TRL_STANDARD("trl"),
  TRL_CONVERSATIONAL("trl-conversational"),
  TRL_IMPLICIT("trl-implicit"),
  OPENAI_PREFERENCE("openai"),
  ALPACA_EVAL("alpaca-eval"),
  ULTRAFEEDBACK("ultrafeedback"),
  CANDIDATES("candidates"),
  CSV("csv");

  private final String cliName;

  DatasetFormat(String cliName) {
    this.cliName = cliName;
  }

  public String cliName() {
    return cliName;
  }

  public boolean canRead() {
    return true;
  }

  public boolean canWrite() {
    return this != ULTRAFEEDBACK;
  }

  /**
   * The format called {@code name} (its CLI name, case-insensitive; the enum constant name works too).
   *
   * @throws IllegalArgumentException naming the valid names when nothing matches
   */
  public static DatasetFormat fromName(String name) {
    String wanted = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    for (DatasetFormat format : values()) {
      if (format.cliName.equals(wanted) || format.name().toLowerCase(Locale.ROOT).equals(wanted)) {
        return format;
      }
    }
    throw new IllegalArgumentException(
        "unknown format \"" + name + "\"; valid formats: "
            + Arrays.stream(values()).map(DatasetFormat::cliName).collect(Collectors.joining(", ")));
  }

  @Override
  public String toString() {
    return cliName;
  }
}
