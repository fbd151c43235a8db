-- Where a skip-invalid upload's refused records wait to be read, until their retention ends.
ALTER TABLE import_job ADD COLUMN rejects_file text;
