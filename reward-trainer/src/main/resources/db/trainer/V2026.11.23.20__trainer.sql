-- Training runs: the queue itself is RabbitMQ; this table is the persisted truth about each run.
CREATE TABLE training_run (
    id           bigserial   PRIMARY KEY,
    snapshot_id  bigint      NOT NULL REFERENCES snapshot,
    config       jsonb       NOT NULL,
    state        text        NOT NULL CHECK (state IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED')),
    epochs_done  integer     NOT NULL DEFAULT 0,
    progress     jsonb,
    attempts     integer     NOT NULL DEFAULT 0,
    worker       text,
    error        text,
    model_id     bigint,
    created_by   text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    started_at   timestamptz,
    finished_at  timestamptz
);

-- What each epoch logged (TRL's names: loss, accuracy, margin, mean_reward, std_reward, eval_*).
CREATE TABLE training_epoch (
    run_id      bigint      NOT NULL REFERENCES training_run,
    epoch       integer     NOT NULL,
    metrics     jsonb       NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (run_id, epoch)
);

-- The registry: every trained model is a versioned artifact on disk plus this row.
CREATE TABLE reward_model (
    id            bigserial        PRIMARY KEY,
    name          text             NOT NULL,
    version       integer          NOT NULL,
    kind          text             NOT NULL CHECK (kind IN ('REWARD', 'PREFERENCE')),
    stage         text             NOT NULL CHECK (stage IN ('CANDIDATE', 'PRODUCTION', 'ARCHIVED')),
    artifact_path text             NOT NULL,
    featurizer    text             NOT NULL,
    snapshot_id   bigint           REFERENCES snapshot,
    snapshot_hash char(64),
    run_id        bigint           REFERENCES training_run,
    config        jsonb            NOT NULL,
    report        jsonb            NOT NULL,
    reward_mean   double precision NOT NULL,
    reward_std    double precision NOT NULL,
    created_at    timestamptz      NOT NULL DEFAULT now(),
    promoted_at   timestamptz,
    UNIQUE (name, version)
);
-- At most one production model per kind.
CREATE UNIQUE INDEX reward_model_one_production ON reward_model (kind) WHERE stage = 'PRODUCTION';

-- The safety regression gate's verdict for each promotion attempt, kept whether it passed or not.
CREATE TABLE promotion_gate (
    id               bigserial   PRIMARY KEY,
    model_id         bigint      NOT NULL REFERENCES reward_model,
    baseline_id      bigint      REFERENCES reward_model,
    passed           boolean     NOT NULL,
    report           jsonb       NOT NULL,
    created_by       text,
    created_at       timestamptz NOT NULL DEFAULT now()
);
