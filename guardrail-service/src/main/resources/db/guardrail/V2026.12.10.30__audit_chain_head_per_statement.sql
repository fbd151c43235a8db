-- The guardrail's audit and trace rows are written in batches, two rows per decision. Linking each
-- row with audit_chain_link locks and rewrites the chain's row in audit_chain once per inserted row:
-- the larger part of the link's CPU, and on a database whose vacuum lags, a row of dead versions that
-- every later link walks.
-- Here the chain row is locked by the first row a transaction inserts, the running head is carried
-- from row to row in a transaction-local setting, and audit_chain is updated once per statement.
-- The rows, their hashes and what `audit verify` checks are the same as before.

-- BEFORE INSERT, arguments: chain name, id sequence. The setting is transaction-local (and reverts
-- with a rolled-back savepoint), so a value in it means this transaction already holds the chain's
-- row lock; it starts with the transaction's id, so only a value this transaction wrote is used (one
-- set by hand could at worst break the chain, which verify reports).
CREATE FUNCTION audit_chain_link_held() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    setting text := 'assay.audit_head.' || replace(TG_ARGV[0], '-', '_');
    held text := current_setting(setting, true);
    owner text := txid_current()::text || ':';
    previous char(64);
BEGIN
    IF held IS NOT NULL AND starts_with(held, owner) THEN
        previous := split_part(held, ':', 3);
    ELSE
        SELECT head_hash INTO previous FROM audit_chain WHERE name = TG_ARGV[0] FOR UPDATE;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'no audit chain %', TG_ARGV[0];
        END IF;
    END IF;
    NEW.id := nextval(TG_ARGV[1]);
    NEW.prev_hash := previous;
    NEW.hash := audit_row_hash(previous::text, NEW);
    PERFORM set_config(setting, owner || NEW.id || ':' || NEW.hash, true);
    RETURN NEW;
END
$$;

-- AFTER INSERT FOR EACH STATEMENT, argument: chain name. Moves the chain's head to the newest row
-- this transaction linked.
CREATE FUNCTION audit_chain_move_head() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    held text := current_setting('assay.audit_head.' || replace(TG_ARGV[0], '-', '_'), true);
BEGIN
    IF held IS NOT NULL AND starts_with(held, txid_current()::text || ':') THEN
        UPDATE audit_chain SET head_id = split_part(held, ':', 2)::bigint, head_hash = split_part(held, ':', 3)
            WHERE name = TG_ARGV[0];
    END IF;
    RETURN NULL;
END
$$;

DROP TRIGGER guardrail_audit_chain ON guardrail_audit;
CREATE TRIGGER guardrail_audit_chain BEFORE INSERT ON guardrail_audit
    FOR EACH ROW EXECUTE FUNCTION audit_chain_link_held('guardrail', 'guardrail_audit_id_seq');
CREATE TRIGGER guardrail_audit_chain_head AFTER INSERT ON guardrail_audit
    FOR EACH STATEMENT EXECUTE FUNCTION audit_chain_move_head('guardrail');

DROP TRIGGER guardrail_decision_trace_chain ON guardrail_decision_trace;
CREATE TRIGGER guardrail_decision_trace_chain BEFORE INSERT ON guardrail_decision_trace
    FOR EACH ROW EXECUTE FUNCTION audit_chain_link_held('guardrail-trace', 'guardrail_decision_trace_id_seq');
CREATE TRIGGER guardrail_decision_trace_chain_head AFTER INSERT ON guardrail_decision_trace
    FOR EACH STATEMENT EXECUTE FUNCTION audit_chain_move_head('guardrail-trace');
