-- pgbench: the naive hand-out, one claim + one submit per script run.
-- Claim: the first open item in id order that this rater never had and that has a free slot,
-- FOR UPDATE SKIP LOCKED, then the assignment. Submit: lock the item, store the preference, finish the
-- assignment, count the judgement, write the outbox row, count the finished item on the campaign.
-- -D campaign=<id> -D required=<N>; the rater is the pgbench client. A script run that finds no free item
-- (or loses the re-check) commits nothing: run.sh counts pairs as stored preferences, not pgbench tps.
\set rater_no :client_id
\set aid 0
BEGIN;
WITH c AS (
  SELECT i.id, i.comparison_id FROM campaign_item i
  WHERE i.campaign_id = :campaign AND i.gold = false AND i.completed < i.required
    AND NOT EXISTS (SELECT 1 FROM assignment s WHERE s.campaign_item_id = i.id AND s.rater = 'pg-' || :rater_no OFFSET 0)
    AND i.completed + (SELECT count(*) FROM assignment l WHERE l.campaign_item_id = i.id AND l.state = 'LEASED'
                       AND l.lease_expires_at > now()) < i.required
  ORDER BY i.id LIMIT 1 FOR UPDATE OF i SKIP LOCKED)
SELECT coalesce(max(id), 0) AS item, coalesce(max(comparison_id), 0) AS cmp FROM c \gset
\if :item > 0
-- the slot re-check runs in the INSERT, a new statement: its snapshot sees every commit made before
-- the lock was granted (the claim's own snapshot may be stale and would overfill the item)
WITH ins AS (
  INSERT INTO assignment (campaign_item_id, campaign_id, rater, state, a_shown_left, leased_at, lease_expires_at)
  SELECT i.id, :campaign, 'pg-' || :rater_no, 'LEASED', true, now(), now() + interval '10 minutes'
  FROM campaign_item i WHERE i.id = :item
    AND i.completed + (SELECT count(*) FROM assignment l WHERE l.campaign_item_id = i.id AND l.state = 'LEASED'
                       AND l.lease_expires_at > now()) < i.required
  ON CONFLICT (campaign_item_id, rater) DO NOTHING RETURNING id)
SELECT coalesce(max(id), 0) AS aid FROM ins \gset
\endif
\if :aid > 0
COMMIT;
BEGIN;
SELECT id, required, completed FROM campaign_item WHERE id = :item FOR UPDATE;
INSERT INTO preference (comparison_id, source, rater, choice, criteria, flags, a_shown_left, time_spent_ms,
  campaign_id, assignment_id, judged_at)
VALUES (:cmp, 'HUMAN', 'pg-' || :rater_no, 'A', '{}', '{}', true, 9000, :campaign, :aid, now());
UPDATE assignment SET state = 'SUBMITTED', finished_at = now() WHERE id = :aid;
UPDATE campaign_item SET completed = completed + 1 WHERE id = :item RETURNING completed \gset
INSERT INTO outbox_event (id, event_type, routing_key, payload)
VALUES (gen_random_uuid(), 'preference.recorded', 'preference.recorded',
  jsonb_build_object('type', 'preference.recorded', 'data', jsonb_build_object('preferenceId', 1,
    'campaignId', :campaign::bigint, 'comparisonId', :cmp::bigint, 'assignmentId', :aid::bigint,
    'rater', 'pg-' || :rater_no::text,
    'choice', 'A', 'strength', null, 'criteria', '{}'::jsonb, 'flags', '[]'::jsonb, 'aShownLeft', true,
    'timeSpentMs', 9000, 'gold', false)));
\if :completed = :required
UPDATE campaign SET items_done = items_done + 1 WHERE id = :campaign;
\endif
COMMIT;
\else
COMMIT;
\endif
