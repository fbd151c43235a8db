-- The guardrail audit joins the hash-chained, append-only audit tables (see the store's audit_chain).
-- Rows already written are chained in id order.
ALTER TABLE guardrail_audit ADD COLUMN prev_hash char(64), ADD COLUMN hash char(64);

DO $$
DECLARE
    r guardrail_audit;
    previous text := repeat('0', 64);
BEGIN
    FOR r IN SELECT * FROM guardrail_audit ORDER BY id LOOP
        r.prev_hash := previous;
        r.hash := audit_row_hash(previous, r);
        UPDATE guardrail_audit SET prev_hash = r.prev_hash, hash = r.hash WHERE id = r.id;
        previous := r.hash;
    END LOOP;
    INSERT INTO audit_chain (name, table_name, time_column, head_id, head_hash)
        VALUES ('guardrail', 'guardrail_audit', 'decided_at', (SELECT max(id) FROM guardrail_audit), previous);
END
$$;

ALTER TABLE guardrail_audit ALTER COLUMN prev_hash SET NOT NULL, ALTER COLUMN hash SET NOT NULL;
CREATE TRIGGER guardrail_audit_chain BEFORE INSERT ON guardrail_audit
    FOR EACH ROW EXECUTE FUNCTION audit_chain_link('guardrail', 'guardrail_audit_id_seq');
CREATE TRIGGER guardrail_audit_append_only BEFORE UPDATE OR DELETE ON guardrail_audit
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER guardrail_audit_no_truncate BEFORE TRUNCATE ON guardrail_audit
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();

-- Decisions whose audit row the database refused (e.g. text with U+0000): kept with the reason, as
-- the JSON of the decision in bytes, so one bad row neither blocks the others nor goes unrecorded.
CREATE TABLE guardrail_audit_dead_letter (
    id        bigserial   PRIMARY KEY,
    failed_at timestamptz NOT NULL DEFAULT now(),
    trace_id  uuid        NOT NULL,
    reason    text        NOT NULL,
    entry     bytea       NOT NULL,
    prev_hash char(64)    NOT NULL,
    hash      char(64)    NOT NULL
);
INSERT INTO audit_chain (name, table_name, time_column)
    VALUES ('guardrail-dead-letter', 'guardrail_audit_dead_letter', 'failed_at');
CREATE TRIGGER guardrail_audit_dead_letter_chain BEFORE INSERT ON guardrail_audit_dead_letter
    FOR EACH ROW EXECUTE FUNCTION audit_chain_link('guardrail-dead-letter', 'guardrail_audit_dead_letter_id_seq');
CREATE TRIGGER guardrail_audit_dead_letter_append_only BEFORE UPDATE OR DELETE ON guardrail_audit_dead_letter
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER guardrail_audit_dead_letter_no_truncate BEFORE TRUNCATE ON guardrail_audit_dead_letter
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
