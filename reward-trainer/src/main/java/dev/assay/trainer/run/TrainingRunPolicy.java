package dev.assay.trainer.run;

import dev.assay.platform.problem.ProblemException;

/** Who may change a training run: the researcher who launched it, or an admin. */
final class TrainingRunPolicy {
  private TrainingRunPolicy() {}

  static void requireMayCancel(TrainingRun run, String user, boolean admin) {
    if (!admin && !run.createdBy.equals(user)) {
      throw ProblemException.forbidden("only " + run.createdBy + ", who launched run " + run.id
          + ", or an admin may cancel it");
    }
  }
}
