-- The automatic quality checks read a rater's most recent judgements in a campaign (ORDER BY id DESC
-- LIMIT window): with id in the index that is a short backward index scan, not a sort of the rater's
-- whole history. The old (campaign_id, rater) index is a prefix of this one.
CREATE INDEX preference_campaign_rater_recent ON preference (campaign_id, rater, id) WHERE campaign_id IS NOT NULL;
DROP INDEX preference_campaign_rater;
