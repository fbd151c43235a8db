package dev.assay.guardrail.suite.build;

import dev.assay.guardrail.suite.Suite;
import dev.assay.guardrail.suite.SuiteKind;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The builder of every buildable kind ({@code custom} suites are made of probes saved by hand). */
public final class SuiteBuilders {
  private static final List<SuiteBuilder> BUILDERS = List.of(
      new JailbreakBuilder(),
      new MutationsBuilder(),
      new OverRefusalBuilder(),
      new HarmfulResponsesBuilder(),
      new BiasPairsBuilder(),
      new CounterfactualBuilder());

  private SuiteBuilders() {}

  /**
   * @param kind a kind's wire name, e.g. {@code over-refusal}
   * @throws IllegalArgumentException for a kind that has no builder, or bad input (naming file and line)
   */
  public static Suite build(String kind, BuildInput input) throws IOException {
    SuiteKind wanted;
    try {
      wanted = SuiteKind.fromWireName(kind);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage() + " (one of " + kinds() + ")");
    }
    SuiteBuilder builder = BUILDERS.stream().filter(b -> b.kind() == wanted).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("suites of kind '" + kind + "' are not built from files (one of "
            + kinds() + ")"));
    if (input.name() == null || input.name().isBlank()) {
      throw new IllegalArgumentException("a suite needs a name");
    }
    // an option the kind does not read is a mistake to report, not to ignore
    if (input.sample() != null && wanted != SuiteKind.MUTATIONS) {
      throw new IllegalArgumentException("--sample applies to mutations suites only");
    }
    if (input.questions() != null && wanted != SuiteKind.JAILBREAK && wanted != SuiteKind.HARMFUL_RESPONSES) {
      throw new IllegalArgumentException("--questions applies to jailbreak and harmful-responses suites only");
    }
    return builder.build(input);
  }

  /** The kinds that can be built, by wire name. */
  public static List<String> kinds() {
    return BUILDERS.stream().map(b -> b.kind().wireName()).toList();
  }

  static Path required(Path file, String option, SuiteKind kind) {
    if (file == null) {
      throw new IllegalArgumentException("a " + kind.wireName() + " suite needs " + option);
    }
    return file;
  }
}
