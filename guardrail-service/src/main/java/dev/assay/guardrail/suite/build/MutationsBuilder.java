package dev.assay.guardrail.suite.build;

import dev.assay.guardrail.suite.Expected;
import dev.assay.guardrail.suite.Probe;
import dev.assay.guardrail.suite.ProbeSide;
import dev.assay.guardrail.suite.Suite;
import dev.assay.guardrail.suite.SuiteFiles;
import dev.assay.guardrail.suite.SuiteKind;
import dev.assay.guardrail.suite.buff.Buff;
import dev.assay.trainer.training.LabeledTexts;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Obfuscated copies of attacks, one {@link Buff} at a time: for each source probe, one probe per buff,
 * keyed {@code <source key>-<buff>} and tagged {@code mutation} (plus the source's tags), with the source's
 * side, expectation and category. The source is a suite file (e.g. a jailbreak suite: its input-side probes
 * are mutated whole, template and all, as garak's buffs do) or the harmful questions CSV ({@code index},
 * {@code text}: each question alone, keyed {@code q<index>}, expected block), told apart by the file's
 * first character. {@code sample} keeps that many source probes, those whose keys hash lowest, so a
 * sample is stable when the source grows.
 */
final class MutationsBuilder implements SuiteBuilder {
  static final String QUESTION_CATEGORY = "harmful-request";

  @Override
  public SuiteKind kind() {
    return SuiteKind.MUTATIONS;
  }

  @Override
  public Suite build(BuildInput input) throws IOException {
    Path data = SuiteBuilders.required(input.data(), "--data (a jailbreak suite or the harmful questions)", kind());
    List<Probe> source = isSuiteFile(data) ? suiteProbes(data) : questionProbes(data);
    if (input.sample() != null) {
      if (input.sample() < 1) {
        throw new IllegalArgumentException("--sample must be at least 1 but was " + input.sample());
      }
      source = sample(source, input.sample());
    }
    List<Buff> buffs = Buff.all();
    List<Probe> probes = new ArrayList<>(source.size() * buffs.size());
    for (Probe probe : source) {
      for (Buff buff : buffs) {
        String key = probe.key() + "-" + buff.name();
        Map<String, String> tags = new LinkedHashMap<>(probe.tags());
        tags.put("mutation", buff.name());
        probes.add(new Probe(key, probe.side(), probe.expected(), buff.apply(probe.prompt(), Buff.seedOf(key)),
            probe.response(), probe.alternative(), probe.category(), tags));
      }
    }
    String origin = "mutations --data " + data.getFileName() + (input.sample() == null ? "" : " --sample " + input.sample());
    return new Suite(input.name(), kind(), source.size() + " attacks x " + buffs.size() + " obfuscations, one at a time:"
        + " each keeps its source's expected outcome", origin, probes);
  }

  /** The {@code n} probes whose keys hash lowest, in their source order. */
  static List<Probe> sample(List<Probe> probes, int n) {
    Set<String> kept = new HashSet<>();
    probes.stream().sorted(Comparator.comparingLong((Probe p) -> Buff.seedOf(p.key())).thenComparing(Probe::key))
        .limit(n).forEach(p -> kept.add(p.key()));
    return probes.stream().filter(p -> kept.contains(p.key())).toList();
  }

  private static boolean isSuiteFile(Path data) throws IOException {
    try (BufferedReader in = LabeledTexts.open(data)) {
      int c;
      do {
        c = in.read();
      } while (c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\uFEFF');
      return c == '{';
    }
  }

  private static List<Probe> suiteProbes(Path data) throws IOException {
    Suite suite;
    try (InputStream in = Files.newInputStream(data)) {
      suite = SuiteFiles.read(in);
    } catch (SuiteFiles.SuiteFileException e) {
      throw new IllegalArgumentException(data + " " + e.getMessage(), e);
    }
    List<Probe> inputs = suite.probes().stream().filter(p -> p.side() == ProbeSide.INPUT).toList();
    if (inputs.isEmpty()) {
      throw new IllegalArgumentException(data + ": suite " + suite.name() + " has no input-side probe to mutate");
    }
    return inputs;
  }

  private static List<Probe> questionProbes(Path data) throws IOException {
    return JailbreakBuilder.Question.read(data).stream()
        .map(q -> new Probe("q" + q.index(), ProbeSide.INPUT, Expected.BLOCK, q.text(), null, null, QUESTION_CATEGORY,
            Map.of("question", q.index())))
        .toList();
  }
}
