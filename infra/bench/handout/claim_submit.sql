-- pgbench: the SQL the service sends for one claim + one submit, statement for statement, so that
-- pgbench measures the database's share of an HTTP pair without HTTP and the JVM. API keys are verified
-- from a 5 s cache (IdentityService), so a request normally sends no query for its key.
-- -D campaign=<id> -D required=<N>; the rater is the pgbench client.
\set rater_no :client_id
\set aid 0
-- POST /campaigns/{id}/tasks/next: where the rater stands (campaign terms, pool, pause, live lease),
-- the candidate lock, the lease insert returning the task's content
BEGIN;
SELECT l.*, c.id AS terms_id, c.name AS terms_name, c.guidelines AS terms_guidelines, c.state AS terms_state,
  c.scale AS terms_scale, c.allow_both_bad AS terms_allow_both_bad, c.criteria AS terms_criteria,
  c.gold_rate AS terms_gold_rate, c.lease_seconds AS terms_lease_seconds,
  EXISTS (SELECT 1 FROM campaign_rater p WHERE p.campaign_id = c.id AND p.in_pool) AS pool_defined,
  m.in_pool, m.paused, m.pause_reason FROM campaign c
  LEFT JOIN LATERAL (SELECT a.id, a.campaign_item_id, a.campaign_id, i.comparison_id, a.rater, a.state,
    a.a_shown_left, a.leased_at, a.lease_expires_at, i.gold FROM assignment a
    JOIN campaign_item i ON i.id = a.campaign_item_id WHERE a.campaign_id = c.id AND a.rater = 'pg-' || :rater_no
    AND a.state = 'LEASED' AND a.lease_expires_at > now() ORDER BY a.id LIMIT 1) l ON true
  CROSS JOIN LATERAL (SELECT coalesce(bool_or(r.in_pool), false) AS in_pool,
    coalesce(bool_or(r.paused_at IS NOT NULL), false) AS paused, max(r.pause_reason) AS pause_reason
    FROM campaign_rater r WHERE r.campaign_id = c.id AND r.rater = 'pg-' || :rater_no) m
  WHERE c.id = :campaign;
WITH c AS (
  SELECT i.id, i.comparison_id FROM campaign_item i WHERE i.campaign_id = :campaign AND i.gold = false
    AND i.completed < i.required AND i.id <> ALL('{}'::bigint[])
    AND NOT EXISTS (SELECT 1 FROM assignment s WHERE s.campaign_item_id = i.id AND s.rater = 'pg-' || :rater_no OFFSET 0)
    AND i.completed + (SELECT count(*) FROM assignment l WHERE l.campaign_item_id = i.id AND l.state = 'LEASED'
                       AND l.lease_expires_at > now()) < i.required
  ORDER BY i.id LIMIT 1 FOR UPDATE OF i SKIP LOCKED)
SELECT coalesce(max(id), 0) AS item, coalesce(max(comparison_id), 0) AS cmp FROM c \gset
\if :item > 0
WITH ins AS (
  INSERT INTO assignment (campaign_item_id, campaign_id, rater, state, a_shown_left, leased_at, lease_expires_at)
  SELECT i.id, :campaign, 'pg-' || :rater_no, 'LEASED', true, now(), now() + interval '10 minutes'
  FROM campaign_item i WHERE i.id = :item
    AND i.required - i.completed - (SELECT count(*) FROM assignment l WHERE l.campaign_item_id = i.id
                                    AND l.state = 'LEASED' AND l.lease_expires_at > now()) > 0
  ON CONFLICT (campaign_item_id, rater) DO NOTHING RETURNING id, leased_at, lease_expires_at)
SELECT coalesce(max(ins.id), 0) AS aid, max(CAST(p.messages AS text)) AS prompt_messages, max(ta.body) AS body_a,
  max(tb.body) AS body_b FROM comparison c JOIN prompt p ON p.hash = c.prompt_hash
  JOIN text_blob ta ON ta.hash = c.response_a_hash JOIN text_blob tb ON tb.hash = c.response_b_hash
  CROSS JOIN ins WHERE c.id = :cmp \gset
\endif
\if :aid > 0
COMMIT;
-- POST /assignments/{id}/judgement: the item and assignment locked together with the campaign's terms,
-- the judgement stored (with the item's count and the rater's count), its event
BEGIN;
SELECT a.id, a.campaign_item_id, a.campaign_id, i.comparison_id, a.rater, a.state, a.a_shown_left, a.leased_at,
  a.lease_expires_at, i.gold, i.gold_choice, i.required, i.completed, c.id AS terms_id, c.name AS terms_name,
  c.guidelines AS terms_guidelines, c.state AS terms_state, c.scale AS terms_scale,
  c.allow_both_bad AS terms_allow_both_bad, c.criteria AS terms_criteria, c.gold_rate AS terms_gold_rate,
  c.lease_seconds AS terms_lease_seconds
  FROM campaign_item i JOIN assignment a ON a.campaign_item_id = i.id JOIN campaign c ON c.id = a.campaign_id
  WHERE a.id = :aid FOR UPDATE OF i, a;
WITH p AS (INSERT INTO preference (comparison_id, source, rater, choice, strength, criteria, flags, rationale,
    a_shown_left, time_spent_ms, campaign_id, assignment_id, judged_at)
    VALUES (:cmp, 'HUMAN', 'pg-' || :rater_no, 'A', NULL, '{}', '{}', NULL, true, 9000, :campaign, :aid, now())
    RETURNING id),
  f AS (UPDATE assignment SET state = 'SUBMITTED', finished_at = now(), skip_reason = NULL WHERE id = :aid),
  c AS (UPDATE campaign_item SET completed = completed + 1 WHERE id = :item RETURNING completed),
  r AS (INSERT INTO campaign_rater (campaign_id, rater, judgements) VALUES (:campaign, 'pg-' || :rater_no, 1)
    ON CONFLICT (campaign_id, rater) DO UPDATE SET judgements = campaign_rater.judgements + 1
    RETURNING judgements, (paused_at IS NOT NULL OR resumed_by IS NOT NULL)::int AS exempt)
SELECT p.id AS pref, c.completed, r.judgements AS judged, r.exempt FROM p, c, r \gset
INSERT INTO outbox_event (id, event_type, routing_key, payload)
VALUES (gen_random_uuid(), 'preference.recorded', 'preference.recorded',
  jsonb_build_object('type', 'preference.recorded', 'data', jsonb_build_object('preferenceId', :pref::bigint,
    'campaignId', :campaign::bigint, 'comparisonId', :cmp::bigint, 'assignmentId', :aid::bigint,
    'rater', 'pg-' || :rater_no::text, 'choice', 'A', 'strength', null, 'criteria', '{}'::jsonb,
    'flags', '[]'::jsonb, 'aShownLeft', true, 'timeSpentMs', 9000, 'gold', false)));
\if :completed = :required
SELECT id, rater, choice, strength FROM preference WHERE assignment_id IN
  (SELECT id FROM assignment WHERE campaign_item_id = :item AND state = 'SUBMITTED') ORDER BY id;
\endif
-- the automatic quality checks (QualityService.afterSubmit): at the 20th judgement and every 10th after,
-- over the rater's 200 most recent judgements
\set check_due :judged >= 20 and (:judged - 20) % 10 = 0 and :exempt = 0
\if :check_due
SELECT p.comparison_id, p.rater, p.choice, p.strength, CAST(p.criteria AS text) AS criteria, p.a_shown_left,
  p.time_spent_ms, i.gold, i.gold_choice
  FROM (SELECT a.campaign_item_id FROM preference r JOIN assignment a ON a.id = r.assignment_id
        WHERE r.campaign_id = :campaign AND r.rater = 'pg-' || :rater_no ORDER BY r.id DESC LIMIT 200) mine
  JOIN campaign_item i ON i.id = mine.campaign_item_id JOIN assignment a ON a.campaign_item_id = i.id
  JOIN preference p ON p.assignment_id = a.id
  ORDER BY p.id;
\endif
\if :completed = :required
UPDATE campaign SET items_done = items_done + 1 WHERE id = :campaign RETURNING items_done, items_total;
INSERT INTO outbox_event (id, event_type, routing_key, payload)
VALUES (gen_random_uuid(), 'campaign.progress', 'campaign.progress',
  jsonb_build_object('type', 'campaign.progress', 'data', jsonb_build_object('campaignId', :campaign::bigint)));
\endif
COMMIT;
\else
COMMIT;
\endif
