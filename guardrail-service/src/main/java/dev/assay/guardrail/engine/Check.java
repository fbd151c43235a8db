package dev.assay.guardrail.engine;

import dev.assay.guardrail.policy.document.CheckSpec;
import java.util.concurrent.CompletableFuture;

/**
 * One compiled check of a policy: a detector that looks at every view of a normalised text and reports
 * the worst it found. Rules answer at once; model checks answer asynchronously, so the engine can hold
 * them to the time budget.
 */
interface Check {
  CheckSpec spec();

  /** Runs on the subject; a failure (thrown or in the future) is the policy's onError decision. */
  CompletableFuture<Finding> run(Subject subject);
}
