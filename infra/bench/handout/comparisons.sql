-- Adds comparisons up to :total rows (psql variable), all over the shared prompt and texts.
INSERT INTO comparison (content_hash, prompt_hash, response_a_hash, response_b_hash)
SELECT md5(g::text) || md5('c' || g), repeat('p', 64), repeat('a', 64), repeat('b', 64)
FROM generate_series((SELECT count(*) FROM comparison) + 1, :total) g;
ANALYZE comparison;
