package dev.assay.guardrail.suite.run;

import dev.assay.guardrail.suite.StoredSuite;
import dev.assay.guardrail.suite.SuiteStore;
import dev.assay.platform.jdbc.PageRequest;
import dev.assay.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Suite runs over REST. A run answers when it is done (synchronous): runs take seconds to a few minutes
 * and their result is what the caller waits for (a CI job, the gate), so a status to poll would only add
 * a state machine; the wait is bounded by refusing suites over {@code assay.suite.run.max-probes}.
 */
@ApplicationScoped
public class SuiteRunService {
  private static final int MAX_LISTED = 500;

  private final SuiteStore suites;
  private final SuiteRunner runner;
  private final SuiteRunStore runs;
  private final RunTargets targets;
  private final SuiteRunSettings settings;

  public SuiteRunService(SuiteStore suites, SuiteRunner runner, SuiteRunStore runs, RunTargets targets,
      SuiteRunSettings settings) {
    this.suites = suites;
    this.runner = runner;
    this.runs = runs;
    this.targets = targets;
    this.settings = settings;
  }

  /** One page of a run's outcomes; {@code total} counts what the filter keeps. */
  public record OutcomePage(List<StoredOutcome> items, int page, int size, long total) {}

  /**
   * Runs a suite (its latest version unless {@code suiteVersion} is given) against a stored policy and/or a
   * registered model, and stores the run.
   *
   * @throws ProblemException 404 for an unknown suite, version, policy or model; 422 naming the field for a
   *     missing target, a classifier given as the model, or a target the suite cannot use; 413 for a suite
   *     over the probe bound
   */
  public StoredRun run(String suite, Integer suiteVersion, String policy, Integer policyVersion, Long modelId,
      String user) {
    if (suiteVersion != null && suiteVersion < 1) {
      throw ProblemException.invalid("suiteVersion", "suiteVersion is a version number (1 or more)");
    }
    StoredSuite stored = (suiteVersion == null ? suites.latest(suite) : suites.get(suite, suiteVersion))
        .orElseThrow(() -> ProblemException.notFound("suite", suiteVersion == null ? suite : suite + " version "
            + suiteVersion));
    if (stored.probeCount() > settings.maxProbes()) {
      throw new ProblemException(413, "Suite Too Large", "suite " + suite + " version " + stored.version() + " has "
          + stored.probeCount() + " probes; a run over REST takes at most " + settings.maxProbes()
          + " (assay.suite.run.max-probes): run it with ./assay suite run", "suiteVersion", null);
    }
    try (RunTarget target = targets.resolve(policy, policyVersion, modelId)) {
      return runner.runAndStore(stored, target, user);
    }
  }

  public StoredRun get(long id) {
    return runs.get(id);
  }

  /** The runs of a suite (every version), newest first. */
  public List<StoredRun> list(String suite) {
    if (suite == null || suite.isBlank()) {
      throw ProblemException.invalid("suite", "suite is required: the name of the suite whose runs to list");
    }
    return runs.list(suite, MAX_LISTED);
  }

  public OutcomePage outcomes(long id, boolean failedOnly, int page, int size) {
    PageRequest request = PageRequest.of(page, size);
    StoredRun run = runs.get(id);
    long total = failedOnly ? run.failures() : run.probes();
    return new OutcomePage(runs.outcomes(id, failedOnly, request.offset(), request.size()), page, size, total);
  }

  /**
   * A run against {@code with}, or by default against the previous run of the same suite name against the
   * same kind of target.
   *
   * @throws ProblemException 404 for an unknown run, or when there is no earlier run to compare with
   */
  public RunComparison compare(long id, Long with) {
    StoredRun run = runs.get(id);
    StoredRun baseline = with != null ? runs.get(with) : runs.previous(run).orElseThrow(() ->
        new ProblemException(404, "Not Found", "no earlier run of suite " + run.suite() + " against "
            + (run.policyName() != null ? "policy " + run.policyName() : "a model alone") + " to compare run " + id
            + " with; name one with ?with=ID", "with", null));
    return runs.compare(run, baseline);
  }
}
