-- Instruction-tuning dataset builds: best-of-n SFT and DPO pairs from a candidates dataset, scored by a
-- registered reward model. The row is the job's progress, its resume point and the outputs' lineage.
CREATE TABLE dataset_build (
    id                  bigserial        PRIMARY KEY,
    source_dataset      text             NOT NULL,
    sft_dataset         text             NOT NULL,
    dpo_dataset         text             NOT NULL,
    model_id            bigint           NOT NULL REFERENCES reward_model,
    model_version       text             NOT NULL,
    policy_name         text,
    policy_version      integer,
    margin              double precision NOT NULL,
    state               text             NOT NULL CHECK (state IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED')),
    prompts_total       integer          NOT NULL DEFAULT 0,
    prompts_done        integer          NOT NULL DEFAULT 0,
    -- Prompts are processed in prompt_hash order; a restarted job continues after this one.
    last_prompt_hash    char(64),
    sft_records         integer          NOT NULL DEFAULT 0,
    dpo_pairs           integer          NOT NULL DEFAULT 0,
    pairs_below_margin  integer          NOT NULL DEFAULT 0,
    responses_blocked   integer          NOT NULL DEFAULT 0,
    prompts_all_blocked integer          NOT NULL DEFAULT 0,
    error               text,
    created_by          text,
    created_at          timestamptz      NOT NULL DEFAULT now(),
    started_at          timestamptz,
    finished_at         timestamptz
);
