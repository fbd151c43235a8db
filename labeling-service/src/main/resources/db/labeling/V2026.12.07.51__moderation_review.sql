-- Moderation-review campaigns: one standing campaign per guardrail policy, fed by guardrail.escalated.
CREATE TABLE moderation_campaign (
    campaign_id bigint PRIMARY KEY REFERENCES campaign ON DELETE CASCADE,
    policy      text   NOT NULL UNIQUE
);

-- One escalated check of one decision. Its key makes a redelivered event a no-op; the checked text is
-- what a classifier is retrained on, the group keeps one conversation's texts on one side of a split.
CREATE TABLE moderation_escalation (
    trace_id       uuid        NOT NULL,
    stage          text        NOT NULL CHECK (stage IN ('input', 'output')),
    check_name     text        NOT NULL,
    event_id       uuid        NOT NULL,
    campaign_id    bigint      NOT NULL REFERENCES campaign ON DELETE CASCADE,
    comparison_id  bigint      NOT NULL REFERENCES comparison,
    policy         text        NOT NULL,
    policy_version integer     NOT NULL,
    checked_text   text        NOT NULL,
    text_group     text        NOT NULL,
    label          text,
    score          double precision,
    threshold      double precision,
    model_version  text,
    decided_at     timestamptz,
    received_at    timestamptz NOT NULL,
    PRIMARY KEY (trace_id, stage, check_name)
);
CREATE INDEX moderation_escalation_campaign ON moderation_escalation (campaign_id, comparison_id);
