package dev.assay.guardrail.suite.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.guardrail.suite.Suite;
import dev.assay.guardrail.suite.SuiteFiles;
import dev.assay.guardrail.suite.build.BuildInput;
import dev.assay.guardrail.suite.build.SuiteBuilders;
import dev.assay.platform.cli.Need;
import dev.assay.platform.cli.Needs;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.Dependent;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.zip.GZIPOutputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ./assay suite ...}: red-team, over-refusal and bias suites. */
@Dependent
@Unremovable
@Command(name = "suite", mixinStandardHelpOptions = true,
    description = "Build and run red-team, over-refusal and bias suites", subcommands = {SuiteCommand.Build.class, SuiteRunCommand.class})
public class SuiteCommand {

  /**
   * {@code suite build KIND --data FILE [--questions FILE] [--sample N] [--name NAME] -o SUITE}: writes a suite
   * file and prints one JSON line {@code {"suite":NAME,"kind":KIND,"probes":N,"file":PATH}}.
   */
  @Dependent
  @Unremovable
  @Needs(Need.FILES)
  @Command(name = "build", mixinStandardHelpOptions = true,
      description = "Build a suite file from the public safety files (see docs: jailbreak, mutations, over-refusal,"
          + " harmful-responses, bias-pairs, counterfactual).")
  public static class Build implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "KIND",
        description = "jailbreak, mutations, over-refusal, harmful-responses, bias-pairs or counterfactual.")
    String kind;

    @Option(names = "--data", description = "The kind's source file: the jailbreak templates (jailbreak), a jailbreak"
        + " suite or the harmful questions (mutations), the XSTest prompts (over-refusal), the labelled jailbreak"
        + " responses (harmful-responses), CrowS-Pairs (bias-pairs), counterfactual templates (optional: the"
        + " built-in ones by default). CSV or JSON, gzipped or not.")
    Path data;

    @Option(names = "--questions", description = "The harmful questions: required for jailbreak; for harmful-responses"
        + " their texts become the probes' prompts.")
    Path questions;

    @Option(names = "--sample", description = "mutations: mutate only this many source probes, chosen by a hash of"
        + " their keys (the same ones on every run).")
    Integer sample;

    @Option(names = "--name", description = "The suite's name (default: the kind).")
    String name;

    @Option(names = {"-o", "--out"}, required = true, description = "Suite file to write (gzipped when it ends in .gz).")
    Path out;

    @Override
    public Integer call() throws IOException {
      String suiteName = name == null ? kind : name;
      Suite suite;
      try {
        suite = SuiteBuilders.build(kind, new BuildInput(suiteName, data, questions, sample));
      } catch (IllegalArgumentException e) {
        spec.commandLine().getErr().println(spec.qualifiedName() + ": " + e.getMessage());
        return 1;
      }
      write(suite, out);
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("suite", suite.name());
      result.put("kind", suite.kind().wireName());
      result.put("probes", suite.probes().size());
      result.put("file", out.toString());
      spec.commandLine().getOut().println(JSON.writeValueAsString(result));
      return 0;
    }

    /** Writes next to the target and moves it in place, so a failed build leaves no half-written suite. */
    private static void write(Suite suite, Path out) throws IOException {
      Path parent = out.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Path partial = Files.createTempFile(parent, out.getFileName().toString(), ".partial");
      try {
        try (OutputStream file = Files.newOutputStream(partial);
            OutputStream stream = out.toString().endsWith(".gz") ? new GZIPOutputStream(file) : file) {
          SuiteFiles.write(suite, stream);
        }
        Files.move(partial, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(partial);
      }
    }
  }
}
