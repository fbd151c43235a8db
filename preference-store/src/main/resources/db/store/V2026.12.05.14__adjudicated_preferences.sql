-- A reviewer's adjudication of a campaign's disagreement is a preference of its own, beside the judgements
-- it settles: a snapshot of the campaign takes it in their place unless raw judgements are asked for.
ALTER TABLE preference DROP CONSTRAINT preference_source_check;
ALTER TABLE preference ADD CONSTRAINT preference_source_check
    CHECK (source IN ('HUMAN', 'AI_JUDGE', 'IMPORTED', 'ADJUDICATED'));
CREATE INDEX preference_adjudicated ON preference (campaign_id, comparison_id) WHERE source = 'ADJUDICATED';
