package dev.assay.store.dataset;

import dev.assay.platform.cli.ProgressOutput;
import dev.assay.store.dataset.format.DatasetFormat;
import dev.assay.platform.cli.Need;
import dev.assay.platform.cli.Needs;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.Dependent;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ./assay import FILE}: imports with a progress line on stderr and the outcome on stdout. */
@Dependent
@Unremovable
@Needs(Need.DATABASE)
@Command(name = "import", description = "Import a preference file (format auto-detected; .gz read transparently)")
public class ImportCommand implements Callable<Integer> {
  private final ImportService imports;

  @Spec CommandSpec spec;

  @Parameters(index = "0", description = "the file to import")
  Path file;

  @Option(names = "--dataset", description = "dataset name (default: the file name without extensions)")
  String dataset;

  @Option(names = "--format", description = "force a format: hh-rlhf, trl, trl-conversational, trl-implicit, openai, alpaca-eval, ultrafeedback, candidates, csv")
  String format;

  @Option(names = "--skip-invalid", description = "import the valid records and write the rejected ones with reasons to FILE.rejects.jsonl")
  boolean skipInvalid;

  public ImportCommand(ImportService imports) {
    this.imports = imports;
  }

  @Override
  public Integer call() {
    String name = dataset != null ? dataset : file.getFileName().toString().replaceAll("\\.(jsonl?|json|gz)", "");
    Path rejects = skipInvalid ? Path.of(file + ".rejects.jsonl") : null;
    DatasetFormat forced = format == null ? null : DatasetFormat.fromName(format);
    ProgressOutput progress = ProgressOutput.forConsole(spec.commandLine().getErr(), Duration.ofSeconds(5));
    ImportOutcome outcome;
    try {
      outcome = imports.importFile(file, name, forced, rejects, "cli",
          read -> {
            // the command server interrupts a command whose caller left (Ctrl-C); reading and JDBC do not notice
            if (Thread.currentThread().isInterrupted()) {
              throw new CancellationException("cancelled");
            }
            progress.update(String.format("importing %s: %,d records read", file.getFileName(), read), false);
          });
    } finally {
      progress.finish();
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println(name + ": " + outcome.summary());
    if (outcome.rejectsFile() != null) {
      out.println("rejected records and their reasons: " + outcome.rejectsFile());
    }
    return 0;
  }
}
