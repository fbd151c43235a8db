-- Figures behind a reward model's stored evaluation (reliability diagram, length bias, per-source accuracy with
-- intervals), measured once on its snapshot's test split when a comparison first asks for them: the artifact and
-- the split never change, so neither do they.
CREATE TABLE model_evaluation_figures (
    model_id     bigint      PRIMARY KEY REFERENCES reward_model ON DELETE CASCADE,
    evaluated_on text        NOT NULL,
    figures      jsonb       NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);
