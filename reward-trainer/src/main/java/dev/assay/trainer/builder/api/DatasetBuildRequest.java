package dev.assay.trainer.builder.api;

import dev.assay.trainer.builder.DatasetBuilder;

/**
 * A build request: the candidates dataset, an optional guardrail policy, the minimum reward margin of a
 * DPO pair, and the output dataset names (default {@code <source>-sft-<id>} and {@code <source>-dpo-<id>});
 * {@code append: true} allows naming datasets that exist, whose records the build then adds to.
 */
public record DatasetBuildRequest(
    String dataset, String policy, Double margin, String sftDataset, String dpoDataset, Boolean append) {
  DatasetBuilder.Request toRequest() {
    return new DatasetBuilder.Request(dataset, policy, margin, sftDataset, dpoDataset, Boolean.TRUE.equals(append));
  }
}
