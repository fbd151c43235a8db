-- Which version of each policy is served: a pointer kept as a history of releases. The served version is
-- the newest release not rolled back; a rollback marks the newest one, so the one before serves again.
-- A save releases its version at once unless the policy has gating suites (then it is a candidate until
-- promoted through them).
CREATE TABLE guardrail_policy_release (
    id             bigserial   PRIMARY KEY,
    name           text        NOT NULL,
    version        integer     NOT NULL,
    released_by    text,
    released_at    timestamptz NOT NULL DEFAULT now(),
    rolled_back_at timestamptz,
    rolled_back_by text,
    FOREIGN KEY (name, version) REFERENCES guardrail_policy (name, version)
);
CREATE INDEX guardrail_policy_release_served ON guardrail_policy_release (name, id DESC) WHERE rolled_back_at IS NULL;

-- Until now the latest version of a policy was the one served: it is its first release.
INSERT INTO guardrail_policy_release (name, version, released_by, released_at)
SELECT name, max(version), 'migration', now() FROM guardrail_policy GROUP BY name;

-- Gating suites: what a promotion of a model (a reward model kind or a classifier name) or of a policy
-- version must pass. Data, edited by admins over REST: the suite to run, through which policy (for a
-- model), the metric of its run, the absolute bound it must meet and how far it may regress from what is
-- in production. A model's suite without a policy runs on the model alone (bias pairs ranked by a reward model).
CREATE TABLE guardrail_release_gate (
    id          bigserial        PRIMARY KEY,
    target_type text             NOT NULL CHECK (target_type IN ('model', 'classifier', 'policy')),
    target      text             NOT NULL,
    suite       text             NOT NULL,
    policy      text,
    metric      text             NOT NULL,
    minimum     double precision,
    maximum     double precision,
    tolerance   double precision NOT NULL DEFAULT 0 CHECK (tolerance >= 0),
    created_by  text             NOT NULL,
    created_at  timestamptz      NOT NULL DEFAULT now(),
    -- one bound says which way is worse: a maximum for rates of failure, a minimum for scores
    CHECK ((minimum IS NULL) <> (maximum IS NULL))
);
CREATE INDEX guardrail_release_gate_target ON guardrail_release_gate (target_type, target);
