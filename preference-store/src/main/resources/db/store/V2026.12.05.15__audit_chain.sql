-- Audit tables are append-only and hash-chained. Each row stores the hash of the row before it
-- (prev_hash) and its own: hash = SHA-256(prev_hash || the row as canonical JSON without its hashes).
-- audit_chain keeps, per chain, the newest row's hash (so removing the newest rows shows) and the
-- anchor: the hash of the last row retention deleted, which the oldest remaining row must chain to.
--
-- Boundary: the application's role owns these tables (it runs the migrations and cannot create
-- roles), so the triggers stop the application's code and any statement sent through it from
-- changing or removing rows, but not an owner who drops the triggers. The chain makes any such edit
-- visible to `assay audit verify`, unless the whole chain after it is rewritten; to rule that out too,
-- keep the head hash that verify prints somewhere the database's owner cannot write.
CREATE TABLE audit_chain (
    name        text     PRIMARY KEY,
    table_name  text     NOT NULL,
    time_column text     NOT NULL,
    head_id     bigint,
    head_hash   char(64) NOT NULL DEFAULT repeat('0', 64),
    anchor_id   bigint,
    anchor_hash char(64) NOT NULL DEFAULT repeat('0', 64),
    pruned      bigint   NOT NULL DEFAULT 0
);

-- The one definition of a row's hash, used when it is written and when it is verified. The time zone
-- and float format are pinned so the canonical text does not depend on the session.
CREATE FUNCTION audit_row_hash(prev text, r anyelement) RETURNS text
    LANGUAGE sql STABLE SET "TimeZone" = 'UTC' SET extra_float_digits = 1 AS $$
    SELECT encode(sha256(convert_to(prev || (to_jsonb(r) - 'hash' - 'prev_hash')::text, 'UTF8')), 'hex')
$$;

-- BEFORE INSERT, arguments: chain name, id sequence. The chain's row lock orders concurrent writers;
-- the id is drawn under it so that id order is chain order.
CREATE FUNCTION audit_chain_link() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    previous char(64);
BEGIN
    SELECT head_hash INTO previous FROM audit_chain WHERE name = TG_ARGV[0] FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no audit chain %', TG_ARGV[0];
    END IF;
    NEW.id := nextval(TG_ARGV[1]);
    NEW.prev_hash := previous;
    NEW.hash := audit_row_hash(previous::text, NEW);
    UPDATE audit_chain SET head_id = NEW.id, head_hash = NEW.hash WHERE name = TG_ARGV[0];
    RETURN NEW;
END
$$;

-- Rows of an audit table never change; only retention (audit_chain_prune) deletes them.
CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('assay.audit_retention', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'restrict_violation';
END
$$;

-- A chain's head moves only with an insert (the link trigger) and its anchor only with retention.
CREATE FUNCTION audit_chain_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND (pg_trigger_depth() > 1 OR current_setting('assay.audit_retention', true) = 'on') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit_chain is append-only: % refused', TG_OP USING ERRCODE = 'restrict_violation';
END
$$;
CREATE TRIGGER audit_chain_guard BEFORE UPDATE OR DELETE ON audit_chain
    FOR EACH ROW EXECUTE FUNCTION audit_chain_guard();
CREATE TRIGGER audit_chain_no_truncate BEFORE TRUNCATE ON audit_chain
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();

-- Retention: deletes the oldest rows of a chain up to the first one at or after the cutoff (a prefix,
-- so the rest still verifies) and moves the anchor to the last deleted row's hash.
CREATE FUNCTION audit_chain_prune(p_chain text, p_cutoff timestamptz) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    chain audit_chain;
    keep_from bigint;
    last_id bigint;
    last_hash char(64);
    deleted bigint;
BEGIN
    SELECT * INTO chain FROM audit_chain WHERE name = p_chain FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no audit chain %', p_chain;
    END IF;
    EXECUTE format('SELECT min(id) FROM %I WHERE %I >= $1', chain.table_name, chain.time_column)
        INTO keep_from USING p_cutoff;
    EXECUTE format('SELECT id, hash FROM %I WHERE $1 IS NULL OR id < $1 ORDER BY id DESC LIMIT 1', chain.table_name)
        INTO last_id, last_hash USING keep_from;
    IF last_id IS NULL THEN
        RETURN 0;
    END IF;
    PERFORM set_config('assay.audit_retention', 'on', true);
    EXECUTE format('DELETE FROM %I WHERE id <= $1', chain.table_name) USING last_id;
    GET DIAGNOSTICS deleted = ROW_COUNT;
    UPDATE audit_chain SET anchor_id = last_id, anchor_hash = last_hash, pruned = pruned + deleted
        WHERE name = p_chain;
    PERFORM set_config('assay.audit_retention', 'off', true);
    RETURN deleted;
END
$$;

-- Administrative actions (users, roles, keys, gold answers, rater pools, run cancels, model
-- promotions, guardrail policies), written in the transaction of the action they record.
CREATE TABLE admin_audit (
    id        bigserial   PRIMARY KEY,
    at        timestamptz NOT NULL DEFAULT now(),
    actor     text        NOT NULL,
    action    text        NOT NULL,
    target    text        NOT NULL,
    details   jsonb       NOT NULL DEFAULT '{}',
    prev_hash char(64)    NOT NULL,
    hash      char(64)    NOT NULL
);
CREATE INDEX admin_audit_at ON admin_audit (at);
CREATE INDEX admin_audit_action ON admin_audit (action, at);

INSERT INTO audit_chain (name, table_name, time_column) VALUES ('admin', 'admin_audit', 'at');
CREATE TRIGGER admin_audit_chain BEFORE INSERT ON admin_audit
    FOR EACH ROW EXECUTE FUNCTION audit_chain_link('admin', 'admin_audit_id_seq');
CREATE TRIGGER admin_audit_append_only BEFORE UPDATE OR DELETE ON admin_audit
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER admin_audit_no_truncate BEFORE TRUNCATE ON admin_audit
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
