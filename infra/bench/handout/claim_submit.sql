-- pgbench: the SQL the service sends for one claim + one submit, statement for statement (after the
-- issue-5 changes), so that pgbench measures the database's share of an HTTP pair without HTTP and
-- the JVM. Each request first verifies its API key in a transaction of its own (IdentityService).
-- -D campaign=<id> -D required=<N>; the rater is the pgbench client.
\set rater_no :client_id
\set key_no :client_id % 256
\set aid 0
-- POST /campaigns/{id}/tasks/next
BEGIN;
SELECT id, owner, role, revoked_at, secret_hash FROM api_key WHERE key_prefix = 'bk' || :key_no;
COMMIT;
BEGIN;
SELECT id, state, scale, criteria, ratings_required, gold_rate, lease_seconds FROM campaign WHERE id = :campaign;
SELECT EXISTS (SELECT 1 FROM campaign_rater WHERE campaign_id = :campaign AND in_pool),
  coalesce(bool_or(in_pool), false), max(pause_reason), bool_or(paused_at IS NOT NULL)
  FROM campaign_rater WHERE campaign_id = :campaign AND rater = 'pg-' || :rater_no;
SELECT a.id, a.campaign_item_id, a.campaign_id, i.comparison_id, a.rater, a.state, a.a_shown_left, a.leased_at,
  a.lease_expires_at, i.gold FROM assignment a JOIN campaign_item i ON i.id = a.campaign_item_id
  WHERE a.campaign_id = :campaign AND a.rater = 'pg-' || :rater_no AND a.state = 'LEASED' AND a.lease_expires_at > now()
  ORDER BY a.id LIMIT 1;
WITH c AS (
  SELECT i.id, i.comparison_id FROM campaign_item i WHERE i.campaign_id = :campaign AND i.gold = false
    AND i.completed < i.required AND i.id <> ALL('{}'::bigint[])
    AND NOT EXISTS (SELECT 1 FROM assignment s WHERE s.campaign_item_id = i.id AND s.rater = 'pg-' || :rater_no)
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
  ON CONFLICT (campaign_item_id, rater) DO NOTHING RETURNING id)
SELECT coalesce(max(id), 0) AS aid FROM ins \gset
\endif
\if :aid > 0
SELECT CAST(p.messages AS text), ta.body, tb.body FROM comparison c JOIN prompt p ON p.hash = c.prompt_hash
  JOIN text_blob ta ON ta.hash = c.response_a_hash JOIN text_blob tb ON tb.hash = c.response_b_hash
  WHERE c.id = :cmp;
COMMIT;
-- POST /assignments/{id}/judgement
BEGIN;
SELECT id, owner, role, revoked_at, secret_hash FROM api_key WHERE key_prefix = 'bk' || :key_no;
COMMIT;
BEGIN;
SELECT a.id, a.campaign_item_id, a.campaign_id, i.comparison_id, a.rater, a.state FROM assignment a
  JOIN campaign_item i ON i.id = a.campaign_item_id WHERE a.id = :aid;
SELECT id, state, scale, criteria, ratings_required, gold_rate, lease_seconds FROM campaign WHERE id = :campaign;
SELECT id, campaign_id, comparison_id, gold, gold_choice, required, completed FROM campaign_item
  WHERE id = :item FOR UPDATE;
SELECT a.id, a.campaign_item_id, a.campaign_id, i.comparison_id, a.rater, a.state, a.a_shown_left FROM assignment a
  JOIN campaign_item i ON i.id = a.campaign_item_id WHERE a.id = :aid FOR UPDATE OF a;
WITH p AS (INSERT INTO preference (comparison_id, source, rater, choice, strength, criteria, flags, rationale,
    a_shown_left, time_spent_ms, campaign_id, assignment_id, judged_at)
    VALUES (:cmp, 'HUMAN', 'pg-' || :rater_no, 'A', NULL, '{}', '{}', NULL, true, 9000, :campaign, :aid, now())
    RETURNING id),
  f AS (UPDATE assignment SET state = 'SUBMITTED', finished_at = now(), skip_reason = NULL WHERE id = :aid),
  c AS (UPDATE campaign_item SET completed = completed + 1 WHERE id = :item RETURNING completed)
SELECT p.id AS pref, c.completed FROM p, c \gset
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
-- the automatic quality checks (QualityService.afterSubmit)
SELECT count(*) AS judged FROM preference WHERE campaign_id = :campaign AND rater = 'pg-' || :rater_no \gset
\if :judged >= 20
SELECT count(*) FROM campaign_rater WHERE campaign_id = :campaign AND rater = 'pg-' || :rater_no
  AND (paused_at IS NOT NULL OR resumed_by IS NOT NULL);
SELECT p.comparison_id, p.rater, p.choice, p.strength, CAST(p.criteria AS text) AS criteria, p.a_shown_left,
  p.time_spent_ms, i.gold, i.gold_choice FROM preference p
  JOIN assignment a ON a.id = p.assignment_id JOIN campaign_item i ON i.id = a.campaign_item_id
  WHERE p.campaign_id = :campaign AND p.comparison_id IN
    (SELECT comparison_id FROM preference WHERE campaign_id = :campaign AND rater = 'pg-' || :rater_no)
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
