-- What an admin adds to a model's card: its own intended use and out-of-scope uses, beside those of its kind.
CREATE TABLE model_card_note (
    model_id     bigint      PRIMARY KEY REFERENCES reward_model (id),
    intended_use text,
    out_of_scope text,
    updated_by   text        NOT NULL,
    updated_at   timestamptz NOT NULL DEFAULT now()
);

-- A model's card lists the suite runs against it and catalogues their failures.
CREATE INDEX guardrail_suite_run_model ON guardrail_suite_run (model_id, id) WHERE model_id IS NOT NULL;
