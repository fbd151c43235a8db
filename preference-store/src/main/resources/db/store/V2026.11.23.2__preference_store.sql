-- Texts are content-addressed: hash = SHA-256 of the normalised text (NFC, \r\n -> \n).
CREATE TABLE text_blob (
    hash        char(64) PRIMARY KEY,
    body        text     NOT NULL,
    char_length integer  NOT NULL
);

-- A prompt is a conversation, stored once by the hash of its canonical JSON.
CREATE TABLE prompt (
    hash     char(64) PRIMARY KEY,
    messages jsonb    NOT NULL
);

CREATE TABLE comparison (
    id              bigserial   PRIMARY KEY,
    content_hash    char(64)    NOT NULL UNIQUE,
    prompt_hash     char(64)    NOT NULL REFERENCES prompt,
    response_a_hash char(64)    NOT NULL REFERENCES text_blob,
    response_b_hash char(64)    NOT NULL REFERENCES text_blob,
    generator_a     text,
    generator_b     text,
    metadata_a      jsonb       NOT NULL DEFAULT '{}',
    metadata_b      jsonb       NOT NULL DEFAULT '{}',
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX comparison_prompt ON comparison (prompt_hash);

-- A candidate is one unjudged response to a prompt; a prompt's candidates are the raw material for
-- comparison tasks and best-of-n.
CREATE TABLE candidate (
    id            bigserial   PRIMARY KEY,
    content_hash  char(64)    NOT NULL UNIQUE,
    prompt_hash   char(64)    NOT NULL REFERENCES prompt,
    response_hash char(64)    NOT NULL REFERENCES text_blob,
    generator     text,
    metadata      jsonb       NOT NULL DEFAULT '{}',
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX candidate_prompt ON candidate (prompt_hash);

CREATE TABLE dataset (
    id          bigserial   PRIMARY KEY,
    name        text        NOT NULL UNIQUE,
    description text,
    created_by  text,
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- One judgement of a comparison. Rows are never updated: adjudications and corrections are new rows.
CREATE TABLE preference (
    id            bigserial        PRIMARY KEY,
    comparison_id bigint           NOT NULL REFERENCES comparison,
    source        text             NOT NULL CHECK (source IN ('HUMAN', 'AI_JUDGE', 'IMPORTED')),
    rater         text,
    choice        text             NOT NULL CHECK (choice IN ('A', 'B', 'TIE', 'BOTH_BAD')),
    strength      double precision,
    criteria      jsonb            NOT NULL DEFAULT '{}',
    flags         text[]           NOT NULL DEFAULT '{}',
    rationale     text,
    a_shown_left  boolean,
    time_spent_ms bigint,
    campaign_id   bigint,
    assignment_id bigint UNIQUE,
    judged_at     timestamptz,
    recorded_at   timestamptz      NOT NULL DEFAULT now()
);
CREATE INDEX preference_comparison ON preference (comparison_id);
CREATE INDEX preference_campaign ON preference (campaign_id) WHERE campaign_id IS NOT NULL;

-- A record of a dataset, with where it came from. record_hash identifies the record's content
-- (prompt, responses and judgement), so importing the same file twice adds nothing.
CREATE TABLE dataset_record (
    id            bigserial PRIMARY KEY,
    dataset_id    bigint    NOT NULL REFERENCES dataset,
    record_hash   char(64)  NOT NULL,
    comparison_id bigint    REFERENCES comparison,
    candidate_id  bigint    REFERENCES candidate,
    preference_id bigint    REFERENCES preference,
    source_file   text,
    line_no       bigint,
    original_id   text,
    UNIQUE (dataset_id, record_hash),
    CHECK ((comparison_id IS NULL) <> (candidate_id IS NULL))
);
CREATE INDEX dataset_record_comparison ON dataset_record (comparison_id);

-- A snapshot freezes the exact preferences it contains; rows are only ever inserted.
CREATE TABLE snapshot (
    id           bigserial   PRIMARY KEY,
    name         text        NOT NULL,
    filter       jsonb       NOT NULL,
    content_hash char(64)    NOT NULL,
    counts       jsonb       NOT NULL,
    created_by   text,
    created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE snapshot_record (
    snapshot_id   bigint NOT NULL REFERENCES snapshot,
    preference_id bigint NOT NULL REFERENCES preference,
    split         text   NOT NULL CHECK (split IN ('train', 'validation', 'test')),
    PRIMARY KEY (snapshot_id, preference_id)
);

-- An import of one file into one dataset: its progress and outcome, persisted so a client can poll it.
CREATE TABLE import_job (
    id            bigserial   PRIMARY KEY,
    dataset_id    bigint      NOT NULL REFERENCES dataset,
    file_name     text        NOT NULL,
    format        text,
    skip_invalid  boolean     NOT NULL DEFAULT false,
    state         text        NOT NULL CHECK (state IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED')),
    records_read  bigint      NOT NULL DEFAULT 0,
    records_new   bigint      NOT NULL DEFAULT 0,
    duplicates    bigint      NOT NULL DEFAULT 0,
    skipped       bigint      NOT NULL DEFAULT 0,
    rejected      bigint      NOT NULL DEFAULT 0,
    error         jsonb,
    created_by    text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    finished_at   timestamptz
);
