-- Identity: UI users (bcrypt passwords) and REST API keys (SHA-256 of a 256-bit secret; only the
-- prefix is stored in clear so a key can be found and shown without revealing it).
CREATE TABLE app_user (
    id            bigserial PRIMARY KEY,
    username      text        NOT NULL UNIQUE,
    password_hash text        NOT NULL,
    roles         text[]      NOT NULL,
    active        boolean     NOT NULL DEFAULT true,
    created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE api_key (
    id           bigserial PRIMARY KEY,
    key_prefix   text        NOT NULL UNIQUE,
    secret_hash  char(64)    NOT NULL,
    role         text        NOT NULL,
    owner        text        NOT NULL,
    label        text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    revoked_at   timestamptz
);

-- Transactional outbox: events are written in the same transaction as the change they describe and
-- relayed to RabbitMQ afterwards, so an event is never lost and never sent for a rolled-back change.
CREATE TABLE outbox_event (
    id           uuid        PRIMARY KEY,
    event_type   text        NOT NULL,
    routing_key  text        NOT NULL,
    payload      jsonb       NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    published_at timestamptz
);
CREATE INDEX outbox_event_pending ON outbox_event (created_at) WHERE published_at IS NULL;
