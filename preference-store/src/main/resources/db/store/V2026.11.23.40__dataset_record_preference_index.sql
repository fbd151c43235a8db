-- Snapshot creation, export and lineage join dataset records on their preference.
CREATE INDEX dataset_record_preference ON dataset_record (preference_id) WHERE preference_id IS NOT NULL;
