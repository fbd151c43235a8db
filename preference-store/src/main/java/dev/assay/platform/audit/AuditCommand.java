package dev.assay.platform.audit;

import dev.assay.platform.cli.Need;
import dev.assay.platform.cli.Needs;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.Dependent;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ./assay audit ...}: checks of the audit trail. */
@Dependent
@Unremovable
@Needs(Need.DATABASE)
@Command(name = "audit", description = "Check the audit trail", subcommands = {AuditCommand.Verify.class})
public class AuditCommand {

  @Dependent
  @Unremovable
  @Command(name = "verify", description = "Verify the hash chain of every audit table; exits 1 naming the first"
      + " broken row of each broken chain")
  public static class Verify implements Callable<Integer> {
    private final AuditChains chains;

    @Spec CommandSpec spec;

    public Verify(AuditChains chains) {
      this.chains = chains;
    }

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      boolean intact = true;
      for (AuditChains.Report report : chains.verify()) {
        intact &= report.intact();
        String counts = report.rows() + " rows" + (report.pruned() > 0 ? ", " + report.pruned() + " pruned" : "");
        out.println(report.intact()
            ? report.chain() + ": intact (" + counts + "), head " + report.headHash()
            : report.chain() + ": BROKEN (" + counts + "): " + report.problem());
      }
      out.flush();
      return intact ? 0 : 1;
    }
  }
}
