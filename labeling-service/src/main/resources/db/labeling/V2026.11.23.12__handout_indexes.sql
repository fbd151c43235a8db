-- The automatic quality checks run after every submit and read the judgements of the comparisons the
-- rater judged in the campaign (QualityService.rows). With only preference_comparison and
-- preference_campaign, PostgreSQL AND-ed both bitmaps, reading every judgement of the campaign once per
-- comparison of the rater: a submit cost grew with the campaign's size (issue 5's benchmark: the
-- service's SQL reached 173 pairs/s where the bare hand-out reached 817). This index finds the few
-- judgements of one comparison in one campaign directly.
CREATE INDEX preference_campaign_comparison ON preference (campaign_id, comparison_id) WHERE campaign_id IS NOT NULL;
