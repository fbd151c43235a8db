-- A rollback archives the production model and marks it, so that a later rollback never brings it back:
-- "the previous production model" is the archived one promoted last before the current one, not rolled back.
ALTER TABLE reward_model ADD COLUMN rolled_back_at timestamptz;
CREATE INDEX reward_model_promotion_history ON reward_model (kind, name, promoted_at) WHERE promoted_at IS NOT NULL;
