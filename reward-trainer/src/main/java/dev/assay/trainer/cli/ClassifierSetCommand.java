package dev.assay.trainer.cli;

import dev.assay.platform.cli.Need;
import dev.assay.platform.cli.Needs;
import dev.assay.trainer.model.ModelJson;
import dev.assay.trainer.safety.ClassifierSets;
import dev.assay.trainer.safety.SafetySources;
import dev.assay.trainer.training.LabeledText;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.Dependent;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code classifier-set prompt-attack|harmful-request|harmful-compliance --data-dir DIR --out FILE}: builds a detector's
 * training set ({@code text,label,group}, see {@link ClassifierSets}) from the public safety files under
 * {@code DIR}, and prints one JSON line of counts: rows, groups and rows per label.
 */
@Dependent
@Unremovable
@Needs(Need.FILES)
@Command(name = "classifier-set", mixinStandardHelpOptions = true,
    description = "Build the training set of a prompt-attack or harmful-request detector or a harmful-compliance"
        + " judge (CSV text,label,group)"
        + " from the public safety files in a data directory.")
public class ClassifierSetCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SET", description = "prompt-attack, harmful-request or harmful-compliance.")
  String set;

  @Option(names = "--data-dir", required = true,
      description = "Directory holding safety/jailbreak-templates-dev.csv.gz, safety/harmful-questions-dev.csv.gz,"
          + " safety/xstest-prompts-dev.csv.gz, alpaca-eval-judged-pairs-dev.jsonl.gz, (harmful-request)"
          + " hh-rlhf-harmless-dev.jsonl.gz and (harmful-compliance) safety/jailbreak-responses-dev.csv.gz.")
  Path dataDirectory;

  @Option(names = "--out", required = true, description = "CSV file to write (gzipped when it ends in .gz).")
  Path out;

  @Option(names = "--seed", defaultValue = "19", description = "Seed of the sampling (default: ${DEFAULT-VALUE}).")
  long seed;

  /** What the command prints, in this order. */
  private record Counts(int rows, long groups, Map<String, Long> labels) {}

  @Override
  public Integer call() {
    try {
      List<LabeledText> rows = ClassifierSets.build(ClassifierSets.Kind.byName(set), new SafetySources(dataDirectory), seed);
      ClassifierSets.write(rows, out);
      Map<String, Long> labels = rows.stream()
          .collect(Collectors.groupingBy(LabeledText::label, TreeMap::new, Collectors.counting()));
      long groups = rows.stream().map(LabeledText::group).distinct().count();
      spec.commandLine().getOut().println(ModelJson.MAPPER.writeValueAsString(new Counts(rows.size(), groups, labels)));
      return 0;
    } catch (IOException | IllegalArgumentException e) {
      spec.commandLine().getErr().println(spec.qualifiedName() + ": " + e.getMessage());
      return 1;
    }
  }
}
