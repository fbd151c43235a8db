-- The safety overview counts the checks that hit in a time range: without this index every trace
-- ever written would be read to find the last day's.
CREATE INDEX guardrail_decision_trace_time ON guardrail_decision_trace (decided_at);
-- Noisy callers: the block, flag and escalate decisions of a time range, grouped by caller.
CREATE INDEX guardrail_audit_held_time ON guardrail_audit (decided_at, caller)
    WHERE decision IN ('block', 'flag', 'escalate');
