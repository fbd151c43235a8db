-- Staged rollouts: a candidate (a registered model, or a version of the policy) beside a policy's production
-- version. In shadow it runs on a copy of live traffic and its decisions are only recorded; in canary a share
-- of callers (by a stable hash of the caller or of the request key) is served by it. At most one rollout runs
-- per policy; it ends promoted, rolled back (by an admin or by an alert on the canary) or stopped.
CREATE TABLE guardrail_rollout (
    id                       bigserial        PRIMARY KEY,
    policy                   text             NOT NULL,
    mode                     text             NOT NULL CHECK (mode IN ('shadow', 'canary')),
    candidate_model_id       bigint           REFERENCES reward_model (id),
    candidate_policy_version integer,
    candidate                text             NOT NULL,
    canary_percent           double precision NOT NULL CHECK (canary_percent >= 0 AND canary_percent <= 100),
    routing                  text             NOT NULL CHECK (routing IN ('caller', 'request-key')),
    state                    text             NOT NULL CHECK (state IN ('running', 'promoted', 'rolled-back', 'stopped')),
    started_by               text             NOT NULL,
    started_at               timestamptz      NOT NULL,
    ended_by                 text,
    ended_at                 timestamptz,
    end_reason               text,
    shadow_dropped           bigint           NOT NULL DEFAULT 0,
    -- the candidate is a model or a policy version, never both
    CHECK ((candidate_model_id IS NULL) <> (candidate_policy_version IS NULL))
);
CREATE UNIQUE INDEX guardrail_rollout_one_running ON guardrail_rollout (policy) WHERE state = 'running';

-- The candidate's decisions in shadow, beside production's on the same request (production's trace id
-- finds the request in the decision audit). Texts are not copied here: the audit keeps them or not.
CREATE TABLE guardrail_shadow_decision (
    id                        bigserial   PRIMARY KEY,
    rollout_id                bigint      NOT NULL REFERENCES guardrail_rollout (id),
    trace_id                  uuid        NOT NULL,
    decided_at                timestamptz NOT NULL,
    production_policy_version integer     NOT NULL,
    production_decision       text        NOT NULL,
    production_scores         jsonb       NOT NULL,
    production_models         text[]      NOT NULL,
    production_reasons        text[]      NOT NULL,
    candidate_policy_version  integer     NOT NULL,
    candidate_decision        text        NOT NULL,
    candidate_scores          jsonb       NOT NULL,
    candidate_models          text[]      NOT NULL,
    candidate_reasons         text[]      NOT NULL,
    agree                     boolean     NOT NULL
);
CREATE INDEX guardrail_shadow_decision_rollout ON guardrail_shadow_decision (rollout_id, id);
CREATE INDEX guardrail_shadow_decision_disagreements ON guardrail_shadow_decision (rollout_id, id) WHERE NOT agree;
