-- Seeds the hand-out benchmark (psql variables: raters, comparisons).
-- Raters bench-r0 .. bench-r<raters-1> with API key "assay_bk<i>_benchsecret<i>" (the driver builds the
-- same token); one prompt and two texts shared by every comparison ("good answer" is always response A,
-- so raters that pick it all agree and the automatic quality checks leave them alone).
INSERT INTO app_user (username, password_hash, roles)
SELECT 'bench-r' || g, 'x', '{rater}' FROM generate_series(0, :raters - 1) g;
INSERT INTO api_key (key_prefix, secret_hash, role, owner, label)
SELECT 'bk' || g, encode(sha256(convert_to('assay_bk' || g || '_benchsecret' || g, 'UTF8')), 'hex'),
       'rater', 'bench-r' || g, 'bench'
FROM generate_series(0, :raters - 1) g;
INSERT INTO prompt (hash, messages)
VALUES (repeat('p', 64), '[{"role":"user","content":"Which answer is more helpful?"}]');
INSERT INTO text_blob (hash, body, char_length)
VALUES (repeat('a', 64), 'good answer', 11), (repeat('b', 64), 'bad answer', 10);
