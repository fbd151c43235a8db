-- pgbench: the service's claim statement alone (AssignmentRepository.lockCandidate), rolled back so the
-- campaign does not change; run with -r for its latency. -D campaign=<id>.
BEGIN;
SELECT i.id, i.comparison_id FROM campaign_item i WHERE i.campaign_id = :campaign AND i.gold = false
  AND i.completed < i.required AND i.id <> ALL('{}'::bigint[])
  AND NOT EXISTS (SELECT 1 FROM assignment s WHERE s.campaign_item_id = i.id AND s.rater = 'lat-' || :client_id OFFSET 0)
  AND i.completed + (SELECT count(*) FROM assignment l WHERE l.campaign_item_id = i.id AND l.state = 'LEASED'
                     AND l.lease_expires_at > now()) < i.required
  ORDER BY i.id LIMIT 1 FOR UPDATE OF i SKIP LOCKED;
ROLLBACK;
