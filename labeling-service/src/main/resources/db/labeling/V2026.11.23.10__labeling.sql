-- Labeling campaigns: what to judge, by whom, on which scale.
CREATE TABLE campaign (
    id               bigserial   PRIMARY KEY,
    name             text        NOT NULL UNIQUE,
    guidelines       text        NOT NULL DEFAULT '',
    criteria         text[]      NOT NULL CHECK (cardinality(criteria) >= 1),
    scale            text        NOT NULL CHECK (scale IN ('BINARY', 'SEVEN_POINT')),
    allow_both_bad   boolean     NOT NULL DEFAULT false,
    ratings_required integer     NOT NULL CHECK (ratings_required >= 1),
    gold_rate        double precision NOT NULL DEFAULT 0 CHECK (gold_rate >= 0 AND gold_rate <= 1),
    priority         integer     NOT NULL DEFAULT 0,
    deadline         timestamptz,
    lease_seconds    integer     CHECK (lease_seconds IS NULL OR lease_seconds >= 10),
    state            text        NOT NULL DEFAULT 'DRAFT'
                                 CHECK (state IN ('DRAFT', 'ACTIVE', 'PAUSED', 'COMPLETED')),
    -- Non-gold items, and how many of them have their N judgements; kept by the hand-out service so
    -- that the last submit (and only it) sees items_done = items_total and completes the campaign.
    items_total      integer     NOT NULL DEFAULT 0,
    items_done       integer     NOT NULL DEFAULT 0,
    created_by       text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now()
);

-- Raters of a campaign: members of its pool (an empty pool admits every rater) and raters paused by
-- the quality checks or by an admin.
CREATE TABLE campaign_rater (
    campaign_id  bigint      NOT NULL REFERENCES campaign ON DELETE CASCADE,
    rater        text        NOT NULL,
    in_pool      boolean     NOT NULL DEFAULT false,
    paused_at    timestamptz,
    pause_reason text,
    -- set when an admin resumes a rater: the automatic checks leave that rater alone afterwards
    resumed_by   text,
    resumed_at   timestamptz,
    PRIMARY KEY (campaign_id, rater)
);

-- One comparison to judge in one campaign. Gold items have a known answer and no judgement quota.
CREATE TABLE campaign_item (
    id            bigserial PRIMARY KEY,
    campaign_id   bigint    NOT NULL REFERENCES campaign ON DELETE CASCADE,
    comparison_id bigint    NOT NULL REFERENCES comparison,
    gold          boolean   NOT NULL DEFAULT false,
    gold_choice   text      CHECK (gold_choice IN ('A', 'B', 'TIE', 'BOTH_BAD')),
    required      integer   NOT NULL,
    completed     integer   NOT NULL DEFAULT 0,
    UNIQUE (campaign_id, comparison_id),
    CHECK (completed <= required),
    CHECK (gold = (gold_choice IS NOT NULL))
);
-- The hand-out scans open items of a campaign in id order.
CREATE INDEX campaign_item_open ON campaign_item (campaign_id, gold, id) WHERE completed < required;

-- A task handed to a rater. Rows are kept after expiry, release or skip, so that UNIQUE(item, rater)
-- keeps a rater from ever getting the same comparison twice. An expired lease is a LEASED row whose
-- lease_expires_at has passed: it no longer reserves a slot.
CREATE TABLE assignment (
    id               bigserial   PRIMARY KEY,
    campaign_item_id bigint      NOT NULL REFERENCES campaign_item ON DELETE CASCADE,
    campaign_id      bigint      NOT NULL REFERENCES campaign ON DELETE CASCADE,
    rater            text        NOT NULL,
    state            text        NOT NULL CHECK (state IN ('LEASED', 'SUBMITTED', 'RELEASED', 'SKIPPED')),
    a_shown_left     boolean     NOT NULL,
    leased_at        timestamptz NOT NULL,
    lease_expires_at timestamptz NOT NULL,
    finished_at      timestamptz,
    skip_reason      text,
    UNIQUE (campaign_item_id, rater)
);
CREATE INDEX assignment_live ON assignment (campaign_item_id, lease_expires_at) WHERE state = 'LEASED';
CREATE INDEX assignment_rater ON assignment (campaign_id, rater, state);

-- Comparisons whose judgements disagree too much, waiting for an admin.
CREATE TABLE review_item (
    id               bigserial   PRIMARY KEY,
    campaign_id      bigint      NOT NULL REFERENCES campaign ON DELETE CASCADE,
    campaign_item_id bigint      NOT NULL UNIQUE REFERENCES campaign_item ON DELETE CASCADE,
    comparison_id    bigint      NOT NULL REFERENCES comparison,
    agreement        double precision NOT NULL,
    judgements       jsonb       NOT NULL,
    state            text        NOT NULL DEFAULT 'OPEN' CHECK (state IN ('OPEN', 'RESOLVED')),
    created_at       timestamptz NOT NULL
);
CREATE INDEX review_item_open ON review_item (campaign_id) WHERE state = 'OPEN';

-- An adjudication is stored beside the judgements it settles, never over them.
CREATE TABLE adjudication (
    id             bigserial   PRIMARY KEY,
    review_item_id bigint      NOT NULL UNIQUE REFERENCES review_item ON DELETE CASCADE,
    comparison_id  bigint      NOT NULL REFERENCES comparison,
    reviewer       text        NOT NULL,
    choice         text        NOT NULL CHECK (choice IN ('A', 'B', 'TIE', 'BOTH_BAD')),
    rationale      text,
    created_at     timestamptz NOT NULL
);

-- Messages for admins (e.g. a rater paused by the quality checks).
CREATE TABLE notification (
    id          bigserial   PRIMARY KEY,
    kind        text        NOT NULL,
    campaign_id bigint      REFERENCES campaign ON DELETE CASCADE,
    rater       text,
    message     text        NOT NULL,
    created_at  timestamptz NOT NULL,
    read_at     timestamptz
);

-- Per-rater statistics and the automatic quality checks read a rater's judgements in a campaign.
CREATE INDEX preference_campaign_rater ON preference (campaign_id, rater) WHERE campaign_id IS NOT NULL;
