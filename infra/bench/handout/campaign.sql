-- A fresh ACTIVE campaign named :'name' over the first :items comparisons, :required judgements each;
-- prints its id. Built in SQL (the REST path would add 1M items slowly) with the same columns the
-- service fills: items_total counts the non-gold items.
INSERT INTO campaign (name, criteria, scale, ratings_required, state, items_total)
VALUES (:'name', '{helpfulness}', 'BINARY', :required, 'ACTIVE', :items) RETURNING id AS campaign_id \gset
INSERT INTO campaign_item (campaign_id, comparison_id, required)
SELECT :campaign_id, id, :required FROM comparison ORDER BY id LIMIT :items;
ANALYZE campaign_item;
SELECT :campaign_id;
