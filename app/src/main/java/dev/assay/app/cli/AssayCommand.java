package dev.assay.app.cli;

import dev.assay.guardrail.suite.cli.SuiteCommand;
import dev.assay.platform.audit.AuditCommand;
import dev.assay.platform.identity.AdminCommand;
import dev.assay.store.dataset.ImportCommand;
import dev.assay.store.export.ExportCommand;
import dev.assay.store.snapshot.SnapshotCommand;
import dev.assay.trainer.cli.ClassifierSetCommand;
import dev.assay.trainer.cli.EvalCommand;
import dev.assay.trainer.cli.TrainCommand;
import picocli.CommandLine.Command;

/** The top command: {@code ./assay <command>} passes straight through to these. */
@Command(
    name = "assay",
    mixinStandardHelpOptions = true,
    version = "Assay 0.1.0",
    description = "RLHF and preference-data platform",
    subcommands = {
      ServeCommand.class,
      WorkerCommand.class,
      AdminCommand.class,
      ImportCommand.class,
      ExportCommand.class,
      SnapshotCommand.class,
      TrainCommand.class,
      EvalCommand.class,
      ClassifierSetCommand.class,
      AuditCommand.class,
      SuiteCommand.class,
    })
public class AssayCommand {}
