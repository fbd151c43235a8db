package dev.assay.trainer.builder;

import java.util.function.DoublePredicate;

/**
 * The guardrail policies a dataset build may filter its responses with. The serving side implements
 * it; the trainer only needs to know whether a policy would block a response of a given reward, so it
 * never depends on the guardrail.
 */
public interface ResponsePolicies {

  /** A policy version as a build uses it: whether it blocks a response of a given normalised reward. */
  record ResponseFilter(String name, int version, DoublePredicate blocks) {}

  /**
   * The named policy at a version (its latest when {@code version} is null); a 404 problem when there
   * is no such policy.
   */
  ResponseFilter resolve(String name, Integer version);
}
