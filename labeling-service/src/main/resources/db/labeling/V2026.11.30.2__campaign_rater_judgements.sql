-- How many judgements each rater has stored in a campaign, kept by the submit itself. The automatic
-- quality check is due at fixed counts; counting the rater's preference rows on every submit instead
-- read all of them (a rater with 50,000 judgements paid for 50,000 index entries per submit).
ALTER TABLE campaign_rater ADD COLUMN judgements bigint NOT NULL DEFAULT 0;

INSERT INTO campaign_rater (campaign_id, rater, judgements)
SELECT campaign_id, rater, count(*) FROM preference
WHERE campaign_id IS NOT NULL AND rater IS NOT NULL
GROUP BY campaign_id, rater
ON CONFLICT (campaign_id, rater) DO UPDATE SET judgements = EXCLUDED.judgements;
