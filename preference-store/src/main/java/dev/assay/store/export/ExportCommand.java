package dev.assay.store.export;

import dev.assay.store.dataset.format.DatasetFormat;
import dev.assay.platform.cli.Need;
import dev.assay.platform.cli.Needs;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.Dependent;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ./assay export SNAPSHOT_OR_DATASET --format F -o FILE}: a number is a snapshot id, anything
 * else a dataset name. The file appears only when the export succeeded (written next to it, then
 * moved); the summary, with the records the format could not express, goes to stdout.
 */
@Dependent
@Unremovable
@Needs(Need.DATABASE)
@Command(name = "export", description = "Export a dataset (by name) or a snapshot (by id) to a file")
public class ExportCommand implements Callable<Integer> {
  private final ExportService exports;

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SNAPSHOT_OR_DATASET", description = "a snapshot id, or a dataset name")
  String target;

  @Option(names = "--format", required = true,
      description = "trl, trl-conversational, trl-implicit, hh-rlhf, openai, alpaca-eval, candidates, csv")
  String format;

  @Option(names = {"-o", "--output"}, required = true, description = "the file to write")
  Path output;

  @Option(names = "--split", split = ",", description = "snapshot splits to export: train, validation, test (default: all)")
  List<String> splits = List.of();

  @Option(names = "--dataset", description = "treat SNAPSHOT_OR_DATASET as a dataset name even if it is a number")
  boolean forceDataset;

  public ExportCommand(ExportService exports) {
    this.exports = exports;
  }

  @Override
  public Integer call() {
    DatasetFormat target = ExportService.writableFormat(format);
    boolean snapshot = !forceDataset && this.target.matches("[0-9]+");
    if (!snapshot && !splits.isEmpty()) {
      spec.commandLine().getErr().println("--split applies to snapshots only");
      return 2;
    }
    Path absolute = output.toAbsolutePath();
    Path partial = absolute.resolveSibling(absolute.getFileName() + ".partial");
    ExportSummary summary;
    try {
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(partial), 1 << 16)) {
        summary = snapshot
            ? exports.exportSnapshot(Long.parseLong(this.target), splits, target, out)
            : exports.exportDataset(this.target, target, out);
      }
      Files.move(partial, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      try {
        Files.deleteIfExists(partial);
      } catch (IOException e) {
        // the export's own failure is the one worth reporting
      }
    }
    spec.commandLine().getOut().println(summary.source() + " -> " + output + " (" + summary.format() + "): " + summary.summary());
    return 0;
  }
}
