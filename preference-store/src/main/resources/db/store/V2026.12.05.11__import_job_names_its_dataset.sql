-- A job names its dataset and the import creates it, so a failed import leaves no dataset behind; the
-- id is filled in once the import has succeeded.
ALTER TABLE import_job ADD COLUMN dataset_name text;
UPDATE import_job j SET dataset_name = d.name FROM dataset d WHERE d.id = j.dataset_id;
ALTER TABLE import_job ALTER COLUMN dataset_name SET NOT NULL;
ALTER TABLE import_job ALTER COLUMN dataset_id DROP NOT NULL;
