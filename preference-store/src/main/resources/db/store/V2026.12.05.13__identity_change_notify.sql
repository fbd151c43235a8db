-- Every replica caches verified API keys and UI users for a few seconds. A change to a user (roles,
-- deactivation, password) or a key (revocation) is announced to all replicas at commit, whichever process
-- made it (a replica, the CLI, an operator's SQL), so their caches drop it at once.
CREATE FUNCTION identity_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'app_user' THEN
    PERFORM pg_notify('assay_identity', OLD.username);
  ELSE
    PERFORM pg_notify('assay_identity', OLD.owner);
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER app_user_changed AFTER UPDATE OR DELETE ON app_user
  FOR EACH ROW EXECUTE FUNCTION identity_changed();
CREATE TRIGGER api_key_changed AFTER UPDATE OR DELETE ON api_key
  FOR EACH ROW EXECUTE FUNCTION identity_changed();
