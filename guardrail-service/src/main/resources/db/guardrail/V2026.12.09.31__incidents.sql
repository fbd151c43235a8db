-- Incidents: what an alert (or an admin) opened, who owns it, how far it got, what it is about and what it
-- was written up as. Status moves open -> mitigated -> resolved (open -> resolved too); the service refuses
-- the rest.
CREATE TABLE guardrail_incident (
    id          bigserial   PRIMARY KEY,
    title       text        NOT NULL,
    severity    text        NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
    status      text        NOT NULL CHECK (status IN ('open', 'mitigated', 'resolved')),
    owner       text,
    opened_by   text        NOT NULL,
    opened_at   timestamptz NOT NULL,
    mitigated_at timestamptz,
    resolved_at timestamptz,
    -- model and policy versions the incident is about: from the alert's labels and the production pointers
    -- when it opened, e.g. {"policy": "default", "policy_version": "3", "production_reward": "reward-v2"}
    links       jsonb       NOT NULL DEFAULT '{}',
    postmortem  text
);
CREATE INDEX guardrail_incident_unresolved ON guardrail_incident (opened_at DESC) WHERE status <> 'resolved';

-- The alerts an incident follows: later firings of the same rule on the same subject join it while it is
-- not resolved, and their resolutions with them.
CREATE TABLE guardrail_incident_alert (
    incident_id bigint NOT NULL REFERENCES guardrail_incident (id),
    alert_id    bigint NOT NULL,
    rule        text   NOT NULL,
    subject     text   NOT NULL,
    PRIMARY KEY (incident_id, alert_id)
);
CREATE INDEX guardrail_incident_alert_subject ON guardrail_incident_alert (rule, subject);
CREATE INDEX guardrail_incident_alert_alert ON guardrail_incident_alert (alert_id);

-- The timeline: alerts fired and resolved, decisions sampled from the audit log, mitigations, status
-- changes and notes, in the order they happened.
CREATE TABLE guardrail_incident_event (
    id          bigserial   PRIMARY KEY,
    incident_id bigint      NOT NULL REFERENCES guardrail_incident (id),
    at          timestamptz NOT NULL,
    kind        text        NOT NULL,
    actor       text        NOT NULL,
    summary     text        NOT NULL,
    details     jsonb       NOT NULL DEFAULT '{}'
);
CREATE INDEX guardrail_incident_event_incident ON guardrail_incident_event (incident_id, at, id);

-- Per-API-key rate limits set by a mitigation: they replace the caller's limits for requests made with
-- that key, on every replica (each rereads this table every few seconds).
CREATE TABLE guardrail_key_rate_limit (
    key_id              bigint           PRIMARY KEY REFERENCES api_key (id),
    requests_per_second double precision NOT NULL CHECK (requests_per_second > 0),
    burst               integer          NOT NULL CHECK (burst > 0),
    set_by              text             NOT NULL,
    set_at              timestamptz      NOT NULL
);
