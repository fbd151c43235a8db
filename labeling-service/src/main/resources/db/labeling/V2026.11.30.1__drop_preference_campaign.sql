-- preference_campaign (campaign_id) is a prefix of preference_campaign_comparison and of
-- preference_campaign_rater_recent, so nothing needs it; but for a campaign newer than the table's
-- statistics PostgreSQL estimates one row per campaign and prefers this smaller index, then filters every
-- judgement of the campaign by rater: the count of a rater's judgements on each submit read all of the
-- campaign's (8,870 rows for 2,226 wanted in the hand-out benchmark). Without it the planner takes the
-- (campaign_id, rater, id) index, which holds exactly the rows wanted.
DROP INDEX preference_campaign;
