-- Text classifiers (safety judges, refusal detectors, content filters) are registered as a third kind.
ALTER TABLE reward_model DROP CONSTRAINT reward_model_kind_check;
ALTER TABLE reward_model ADD CONSTRAINT reward_model_kind_check
    CHECK (kind IN ('REWARD', 'PREFERENCE', 'CLASSIFIER'));
