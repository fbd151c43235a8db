-- Red-team, over-refusal and bias suites: a suite is a named, versioned set of probes; saving under an
-- existing name makes the next version (probes are never changed in place, so a run always names what
-- it ran).
CREATE TABLE guardrail_suite (
    id          bigserial   PRIMARY KEY,
    name        text        NOT NULL,
    version     integer     NOT NULL,
    kind        text        NOT NULL CHECK (kind IN ('jailbreak', 'mutations', 'over-refusal', 'harmful-responses',
                                                    'bias-pairs', 'counterfactual', 'custom')),
    description text,
    source      text,
    probe_count integer     NOT NULL,
    created_by  text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (name, version)
);

CREATE TABLE guardrail_suite_probe (
    suite_id    bigint  NOT NULL REFERENCES guardrail_suite (id),
    ordinal     integer NOT NULL,
    probe_key   text    NOT NULL,
    side        text    NOT NULL CHECK (side IN ('input', 'output', 'pair')),
    expected    text    NOT NULL CHECK (expected IN ('allow', 'block', 'rank')),
    prompt      text    NOT NULL,
    response    text,
    alternative text,
    category    text,
    tags        jsonb   NOT NULL DEFAULT '{}',
    PRIMARY KEY (suite_id, ordinal),
    UNIQUE (suite_id, probe_key)
);

-- A run applies one suite version to a policy version and/or a model version. Its metrics are stored
-- whole; each probe's outcome is kept so runs can be compared probe by probe (what newly fails, what
-- got fixed) and failures catalogued.
CREATE TABLE guardrail_suite_run (
    id             bigserial   PRIMARY KEY,
    suite_id       bigint      NOT NULL REFERENCES guardrail_suite (id),
    policy_name    text,
    policy_version integer,
    model_id       bigint,
    model_version  text,
    probes         integer     NOT NULL,
    failures       integer     NOT NULL,
    metrics        jsonb       NOT NULL,
    created_by     text        NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    CHECK (policy_name IS NOT NULL OR model_id IS NOT NULL)
);
CREATE INDEX guardrail_suite_run_suite ON guardrail_suite_run (suite_id, id);

CREATE TABLE guardrail_suite_outcome (
    run_id    bigint  NOT NULL REFERENCES guardrail_suite_run (id),
    ordinal   integer NOT NULL,
    probe_key text    NOT NULL,
    passed    boolean,              -- null for rank probes (judged over the run)
    decision  text,                 -- the policy's decision, when a policy ran
    score     double precision,     -- the model's score (of the response, or of the first pair sentence)
    score_alt double precision,     -- the model's score of a pair's alternative
    detail    jsonb,                -- the checks that decided (names, scores), for the catalogue
    PRIMARY KEY (run_id, ordinal)
);
CREATE INDEX guardrail_suite_outcome_failed ON guardrail_suite_outcome (run_id) WHERE passed = false;
