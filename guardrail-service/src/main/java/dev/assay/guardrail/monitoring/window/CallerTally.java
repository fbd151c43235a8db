package dev.assay.guardrail.monitoring.window;

import dev.assay.guardrail.policy.document.PolicyDocument;
import java.time.Instant;

/** One caller's counts in one open window; closed like {@link WindowTally} when written. */
final class CallerTally {
  private long decisions;
  private long blocks;
  private long flags;
  private long escalations;
  private long detectorHits;
  private boolean closed;

  synchronized boolean add(Observation observation) {
    if (closed) {
      return false;
    }
    decisions++;
    switch (observation.action()) {
      case PolicyDocument.BLOCK -> blocks++;
      case PolicyDocument.FLAG -> flags++;
      case PolicyDocument.ESCALATE -> escalations++;
      default -> { }
    }
    if (observation.detectorHit()) {
      detectorHits++;
    }
    return true;
  }

  synchronized CallerWindow close(Instant start, String caller) {
    closed = true;
    return new CallerWindow(start, caller, decisions, blocks, flags, escalations, detectorHits);
  }
}
