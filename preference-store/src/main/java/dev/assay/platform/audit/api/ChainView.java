package dev.assay.platform.audit.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.assay.platform.audit.AuditChains;

/** One audit chain's verification: intact, or the first row that does not verify and why. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ChainView(String chain, long rows, boolean intact, Long brokenAt, String problem, String headHash,
    Long anchorId, long pruned) {
  public static ChainView of(AuditChains.Report r) {
    return new ChainView(r.chain(), r.rows(), r.intact(), r.brokenAt(), r.problem(), r.headHash(), r.anchorId(),
        r.pruned());
  }
}
