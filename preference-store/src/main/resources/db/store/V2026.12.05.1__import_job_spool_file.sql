-- Where a queued upload waits on disk, so a restart can still import it.
ALTER TABLE import_job ADD COLUMN spool_file text;
