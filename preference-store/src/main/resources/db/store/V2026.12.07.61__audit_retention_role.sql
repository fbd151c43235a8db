-- Audit retention runs under a role of its own, assay_retention; the application's role can no longer
-- update, delete or truncate audit rows, whatever it sets in its session (the assay.audit_retention
-- switch of audit_chain_prune now takes effect only for a role allowed to delete). The role is created
-- by the setup script when it has superuser access (infra/services.sh); without it retention is off.
--
-- Boundary: the application's role still owns the tables, so a statement of its own can grant the
-- privileges back or drop the triggers; no DML sent through the application can. Such DDL shows in
-- the hash chain only if it is then used to change rows (see audit_chain).

-- Every audit chain's table, and audit_chain itself, lose the privileges the owner does not need.
-- The owner keeps UPDATE on audit_chain: its insert trigger moves the head (audit_chain_guard).
DO $$
DECLARE
    audit_table text;
BEGIN
    FOR audit_table IN SELECT table_name FROM audit_chain LOOP
        EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON %I FROM CURRENT_USER', audit_table);
    END LOOP;
    REVOKE DELETE, TRUNCATE ON audit_chain FROM CURRENT_USER;
END
$$;

-- Grants retention_role what audit_chain_prune needs, on every chain; run by the tables' owner (a
-- migration) or by a superuser (the setup script, when it creates the role after the migrations).
-- A migration that adds a chain calls it again when the role exists.
CREATE FUNCTION audit_grant_retention(retention_role text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    audit_table text;
BEGIN
    FOR audit_table IN SELECT table_name FROM audit_chain LOOP
        EXECUTE format('GRANT SELECT, DELETE ON %I TO %I', audit_table, retention_role);
    END LOOP;
    EXECUTE format('GRANT SELECT, UPDATE ON audit_chain TO %I', retention_role);
END
$$;

DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'assay_retention') THEN
        PERFORM audit_grant_retention('assay_retention');
    END IF;
END
$$;

-- The anchor moves only under retention, and retention is now whoever may delete from the chain's table.
CREATE OR REPLACE FUNCTION audit_chain_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND (pg_trigger_depth() > 1 OR (current_setting('assay.audit_retention', true) = 'on'
            AND has_table_privilege(NEW.table_name, 'DELETE'))) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit_chain is append-only: % refused', TG_OP USING ERRCODE = 'restrict_violation';
END
$$;
