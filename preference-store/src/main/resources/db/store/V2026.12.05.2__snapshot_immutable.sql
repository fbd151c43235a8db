-- A snapshot is frozen: once its creating transaction has sealed it (written its content hash), neither
-- the snapshot nor its records can change, go away or gain a record, whatever role writes.
CREATE FUNCTION snapshot_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    sealed boolean;
BEGIN
    IF TG_TABLE_NAME = 'snapshot' THEN
        -- the one allowed change: the creating transaction seals the snapshot with its hash and counts
        IF TG_OP = 'UPDATE' AND OLD.content_hash = '' AND NEW.name = OLD.name AND NEW.filter = OLD.filter THEN
            RETURN NEW;
        END IF;
        RAISE EXCEPTION 'snapshot % is immutable', OLD.id USING ERRCODE = 'restrict_violation';
    END IF;
    IF TG_OP = 'INSERT' THEN
        SELECT content_hash <> '' INTO sealed FROM snapshot WHERE id = NEW.snapshot_id;
        IF sealed THEN
            RAISE EXCEPTION 'snapshot % is immutable: no record can be added', NEW.snapshot_id
                USING ERRCODE = 'restrict_violation';
        END IF;
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'snapshot % is immutable: its records cannot change', OLD.snapshot_id
        USING ERRCODE = 'restrict_violation';
END
$$;

CREATE TRIGGER snapshot_immutable BEFORE UPDATE OR DELETE ON snapshot
    FOR EACH ROW EXECUTE FUNCTION snapshot_refuse_change();
CREATE TRIGGER snapshot_record_immutable BEFORE INSERT OR UPDATE OR DELETE ON snapshot_record
    FOR EACH ROW EXECUTE FUNCTION snapshot_refuse_change();

CREATE FUNCTION snapshot_refuse_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'snapshots are immutable: % cannot be truncated', TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
END
$$;
CREATE TRIGGER snapshot_no_truncate BEFORE TRUNCATE ON snapshot
    FOR EACH STATEMENT EXECUTE FUNCTION snapshot_refuse_truncate();
CREATE TRIGGER snapshot_record_no_truncate BEFORE TRUNCATE ON snapshot_record
    FOR EACH STATEMENT EXECUTE FUNCTION snapshot_refuse_truncate();
