package dev.assay.store.snapshot;

import dev.assay.platform.cli.Need;
import dev.assay.platform.cli.Needs;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.Dependent;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./assay snapshot create ...}. */
@Dependent
@Unremovable
@Needs(Need.DATABASE)
@Command(name = "snapshot", description = "Freeze training snapshots", subcommands = SnapshotCommand.Create.class)
public class SnapshotCommand {

  @Dependent
  @Unremovable
  @Command(name = "create", description = "Freeze a snapshot of datasets and/or campaigns")
  public static class Create implements Callable<Integer> {
    private final SnapshotService snapshots;

    @Spec CommandSpec spec;

    @Option(names = "--name", required = true)
    String name;

    @Option(names = "--dataset", split = ",", description = "dataset names")
    List<String> datasets = List.of();

    @Option(names = "--campaign", split = ",", description = "campaign ids")
    List<Long> campaigns = List.of();

    @Option(names = "--exclude-ties", description = "leave ties out (they are kept by default)")
    boolean excludeTies;

    @Option(names = "--exclude-flagged", description = "leave out judgements that carry a flag")
    boolean excludeFlagged;

    @Option(names = "--validation-fraction", description = "share of prompts in the validation split (default: ${DEFAULT-VALUE})")
    double validationFraction = SnapshotFilter.DEFAULT_VALIDATION_FRACTION;

    @Option(names = "--test-fraction",
        description = "share of prompts in the test split, which the promotion gate evaluates on (default: ${DEFAULT-VALUE})")
    double testFraction = SnapshotFilter.DEFAULT_TEST_FRACTION;

    @Option(names = "--raw-judgements",
        description = "keep every rater's judgement of an adjudicated comparison instead of the adjudicated label")
    boolean rawJudgements;

    public Create(SnapshotService snapshots) {
      this.snapshots = snapshots;
    }

    @Override
    public Integer call() {
      SnapshotFilter filter =
          new SnapshotFilter(datasets, campaigns, List.of(), excludeFlagged, !excludeTies, false, validationFraction,
              testFraction,
              rawJudgements ? SnapshotFilter.Judgements.RAW : SnapshotFilter.Judgements.ADJUDICATED);
      SnapshotService.SnapshotSummary created = snapshots.create(name, filter, "cli");
      spec.commandLine().getOut().printf("snapshot %d %s %s%n", created.id(), created.contentHash(), created.counts());
      return 0;
    }
  }
}
