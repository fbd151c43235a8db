-- Monitoring windows: what each replica saw of the guardrail's decisions in one window of time, written
-- once the window has closed. Several replicas write rows for the same window; the evaluator adds them up.
-- histograms: {"check@model-version": {"low", "high", "counts": [...]}}; counts: decisions by action;
-- hits: decisions in which each check hit, by check name.
CREATE TABLE guardrail_monitoring_window (
    id             bigserial   PRIMARY KEY,
    replica        text        NOT NULL,
    window_start   timestamptz NOT NULL,
    window_end     timestamptz NOT NULL,
    policy_name    text        NOT NULL,
    policy_version integer     NOT NULL,
    cohort         text        NOT NULL,
    decisions      integer     NOT NULL,
    counts         jsonb       NOT NULL,
    hits           jsonb       NOT NULL,
    histograms     jsonb       NOT NULL,
    detector_hits  integer     NOT NULL,
    ood_scored     integer     NOT NULL,
    ood_above      integer     NOT NULL,
    ood_histogram  jsonb       NOT NULL
);
CREATE INDEX guardrail_monitoring_window_start ON guardrail_monitoring_window (window_start, policy_name);

-- Per caller (API key or user) and window: the counts a probing client changes.
CREATE TABLE guardrail_monitoring_caller_window (
    id            bigserial   PRIMARY KEY,
    replica       text        NOT NULL,
    window_start  timestamptz NOT NULL,
    caller        text        NOT NULL,
    decisions     integer     NOT NULL,
    blocks        integer     NOT NULL,
    flags         integer     NOT NULL,
    escalations   integer     NOT NULL,
    detector_hits integer     NOT NULL
);
CREATE INDEX guardrail_monitoring_caller_window_start ON guardrail_monitoring_caller_window (window_start, caller);

-- A window is evaluated once, by the first replica that claims it.
CREATE TABLE guardrail_monitoring_evaluation (
    window_start timestamptz PRIMARY KEY,
    evaluated_at timestamptz NOT NULL,
    evaluated_by text        NOT NULL
);

-- Alert rules are data, edited by admins over REST.
-- drift: statistic psi or ks of a check's score histogram against its reference; ood: ood_share;
-- anomaly: block_rate, flag_rate, escalation_rate or detector_rate, its EWMA z-score per policy or per caller.
CREATE TABLE guardrail_alert_rule (
    id             bigserial        PRIMARY KEY,
    name           text             NOT NULL UNIQUE,
    kind           text             NOT NULL CHECK (kind IN ('drift', 'ood', 'anomaly')),
    statistic      text             NOT NULL,
    scope          text             NOT NULL CHECK (scope IN ('policy', 'caller')),
    policy         text,
    threshold      double precision NOT NULL,
    window_count   integer          NOT NULL CHECK (window_count >= 1),
    min_samples    integer          NOT NULL CHECK (min_samples >= 1),
    severity       text             NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
    reference_from timestamptz,
    reference_to   timestamptz,
    enabled        boolean          NOT NULL DEFAULT true,
    created_by     text             NOT NULL,
    created_at     timestamptz      NOT NULL DEFAULT now(),
    CHECK ((reference_from IS NULL) = (reference_to IS NULL))
);

-- How many windows in a row a rule has breached (or not) on a subject: a rule fires after window_count.
CREATE TABLE guardrail_alert_streak (
    rule_id  bigint  NOT NULL REFERENCES guardrail_alert_rule (id) ON DELETE CASCADE,
    subject  text    NOT NULL,
    breaches integer NOT NULL,
    PRIMARY KEY (rule_id, subject)
);

CREATE TABLE guardrail_alert (
    id           bigserial        PRIMARY KEY,
    rule_id      bigint           REFERENCES guardrail_alert_rule (id) ON DELETE SET NULL,
    rule_name    text             NOT NULL,
    kind         text             NOT NULL,
    severity     text             NOT NULL,
    subject      text             NOT NULL,
    labels       jsonb            NOT NULL,
    value        double precision NOT NULL,
    threshold    double precision NOT NULL,
    window_start timestamptz      NOT NULL,
    fired_at     timestamptz      NOT NULL,
    resolved_at  timestamptz,
    summary      text             NOT NULL
);
-- One open alert per rule and subject, whichever replica evaluates.
CREATE UNIQUE INDEX guardrail_alert_open ON guardrail_alert (rule_name, subject) WHERE resolved_at IS NULL;
CREATE INDEX guardrail_alert_fired ON guardrail_alert (fired_at DESC);

-- Every statistic computed at evaluation, breached or not: the dashboard's drift, OOD and anomaly gauges.
CREATE TABLE guardrail_monitoring_signal (
    id           bigserial        PRIMARY KEY,
    window_start timestamptz      NOT NULL,
    rule_name    text             NOT NULL,
    subject      text             NOT NULL,
    labels       jsonb            NOT NULL,
    value        double precision NOT NULL,
    threshold    double precision NOT NULL,
    breached     boolean          NOT NULL
);
CREATE INDEX guardrail_monitoring_signal_start ON guardrail_monitoring_signal (window_start);

-- The rules every installation starts with. Drift and OOD need two windows in a row, so that one noisy
-- window of a small sample does not page anyone; anomalies fire at once (a burst is over in one window).
-- PSI needs large windows: between two samples of the same distribution it is about (bins - 1) * (1/n + 1/m)
-- (a day of AlpacaEval traffic at 40 checks a window reached 0.53 against 0.25), so it waits for 200 scores;
-- KS is judged from 30 (the same day: at most 0.20 against 0.30).
INSERT INTO guardrail_alert_rule (name, kind, statistic, scope, threshold, window_count, min_samples, severity, created_by) VALUES
    ('score-drift-psi', 'drift', 'psi', 'policy', 0.25, 2, 200, 'warning', 'system'),
    ('score-drift-ks', 'drift', 'ks', 'policy', 0.3, 2, 30, 'warning', 'system'),
    ('ood-share', 'ood', 'ood_share', 'policy', 0.4, 2, 30, 'warning', 'system'),
    ('block-rate-anomaly', 'anomaly', 'block_rate', 'policy', 4, 1, 10, 'warning', 'system'),
    ('flag-rate-anomaly', 'anomaly', 'flag_rate', 'policy', 4, 1, 10, 'info', 'system'),
    ('escalation-rate-anomaly', 'anomaly', 'escalation_rate', 'policy', 4, 1, 10, 'warning', 'system'),
    ('detector-rate-anomaly', 'anomaly', 'detector_rate', 'policy', 4, 1, 10, 'critical', 'system'),
    ('caller-block-anomaly', 'anomaly', 'block_rate', 'caller', 4, 1, 10, 'warning', 'system'),
    ('caller-detector-anomaly', 'anomaly', 'detector_rate', 'caller', 4, 1, 10, 'critical', 'system');
