-- Policies as documents: ordered input and output checks (rules, PII, classifiers, the reward score),
-- each with its action. A version made from a document keeps it in `document`; the columns of the
-- single reward threshold (threshold, action) stay for versions made the older way and are null
-- otherwise. A version without a document is read as one output reward check (see PolicyDocuments).
ALTER TABLE guardrail_policy ADD COLUMN document jsonb;
ALTER TABLE guardrail_policy ALTER COLUMN threshold DROP NOT NULL, ALTER COLUMN action DROP NOT NULL;
ALTER TABLE guardrail_policy ADD CONSTRAINT guardrail_policy_threshold_or_document
    CHECK (document IS NOT NULL OR (threshold IS NOT NULL AND action IS NOT NULL));

-- Decisions of a document policy may also redact (PII masked in the returned response) or escalate.
ALTER TABLE guardrail_audit DROP CONSTRAINT guardrail_audit_decision_check;
ALTER TABLE guardrail_audit ADD CONSTRAINT guardrail_audit_decision_check
    CHECK (decision IN ('allow', 'flag', 'redact', 'escalate', 'block'));
-- A document policy's decision may rest on no threshold at all (a rule matched).
ALTER TABLE guardrail_audit ALTER COLUMN threshold DROP NOT NULL;

-- The trace of each decision (every check run: score, threshold, verdict, latency, model version,
-- normalisations), written in the same transaction as its audit row. A table of its own, chained
-- like the audit: a new column on guardrail_audit would change the canonical JSON, and so the hash,
-- of every row written before it.
CREATE TABLE guardrail_decision_trace (
    id         bigserial   PRIMARY KEY,
    trace_id   uuid        NOT NULL,
    decided_at timestamptz NOT NULL,
    trace      jsonb       NOT NULL,
    prev_hash  char(64)    NOT NULL,
    hash       char(64)    NOT NULL
);
CREATE INDEX guardrail_decision_trace_trace ON guardrail_decision_trace (trace_id);
INSERT INTO audit_chain (name, table_name, time_column)
    VALUES ('guardrail-trace', 'guardrail_decision_trace', 'decided_at');
CREATE TRIGGER guardrail_decision_trace_chain BEFORE INSERT ON guardrail_decision_trace
    FOR EACH ROW EXECUTE FUNCTION audit_chain_link('guardrail-trace', 'guardrail_decision_trace_id_seq');
CREATE TRIGGER guardrail_decision_trace_append_only BEFORE UPDATE OR DELETE ON guardrail_decision_trace
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER guardrail_decision_trace_no_truncate BEFORE TRUNCATE ON guardrail_decision_trace
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
