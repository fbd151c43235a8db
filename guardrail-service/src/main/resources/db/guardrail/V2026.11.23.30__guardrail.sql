-- Guardrail policies: named and versioned. A change is a new version; rows are never updated.
-- Retiring a policy is a new version with retired = true.
CREATE TABLE guardrail_policy (
    id                bigserial        PRIMARY KEY,
    name              text             NOT NULL,
    version           integer          NOT NULL,
    threshold         double precision NOT NULL,
    action            text             NOT NULL CHECK (action IN ('flag', 'block')),
    fallback_response text,
    on_no_model       text             NOT NULL CHECK (on_no_model IN ('fail-open', 'fail-closed')),
    description       text,
    -- How the threshold was calibrated (target FPR, precision/recall at it, n, model, data), if it was.
    calibration       jsonb,
    retired           boolean          NOT NULL DEFAULT false,
    created_by        text,
    created_at        timestamptz      NOT NULL DEFAULT now(),
    UNIQUE (name, version)
);

-- Every guardrail decision. Texts are kept as SHA-256 hashes only, unless
-- assay.guardrail.audit.store-text is on. Rows are deleted after the retention period.
CREATE TABLE guardrail_audit (
    id             bigserial        PRIMARY KEY,
    trace_id       uuid             NOT NULL,
    decided_at     timestamptz      NOT NULL,
    caller         text             NOT NULL,
    policy_name    text             NOT NULL,
    policy_version integer          NOT NULL,
    model_version  text,
    prompt_hash    char(64)         NOT NULL,
    response_hash  char(64)         NOT NULL,
    prompt_text    text,
    response_text  text,
    score          double precision,
    threshold      double precision NOT NULL,
    decision       text             NOT NULL CHECK (decision IN ('allow', 'flag', 'block')),
    reasons        text[]           NOT NULL DEFAULT '{}',
    latency_us     bigint           NOT NULL
);
CREATE INDEX guardrail_audit_time ON guardrail_audit (decided_at);
CREATE INDEX guardrail_audit_policy ON guardrail_audit (policy_name, decided_at);
CREATE INDEX guardrail_audit_trace ON guardrail_audit (trace_id);
