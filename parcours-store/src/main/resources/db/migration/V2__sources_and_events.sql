-- Parcours schema, version 2: sources of events, their write keys, and the events themselves.

-- A source sends events into one workspace: the web shop, the app, the store tills, the call centre.
CREATE TABLE sources (
    workspace_key VARCHAR NOT NULL,
    key           VARCHAR NOT NULL,
    name          VARCHAR NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (workspace_key, key)
);

-- Write keys authenticate the Segment-compatible API; only their SHA-256 is stored.
CREATE TABLE write_keys (
    id            VARCHAR PRIMARY KEY,
    workspace_key VARCHAR NOT NULL,
    source_key    VARCHAR NOT NULL,
    key_hash      VARCHAR NOT NULL UNIQUE,
    created_at    TIMESTAMPTZ NOT NULL,
    revoked_at    TIMESTAMPTZ
);

-- Every accepted event, once. seq is the arrival order (ties in time keep it); times are epoch
-- milliseconds, UTC. properties, traits and context keep the JSON the source sent. fingerprint is
-- 64 bits of the SHA-256 of (workspace, source, message id), for exactly-once storage.
CREATE TABLE events (
    seq           BIGINT NOT NULL,
    fingerprint   BIGINT NOT NULL,
    workspace_key VARCHAR NOT NULL,
    source_key    VARCHAR NOT NULL,
    message_id    VARCHAR NOT NULL,
    type          VARCHAR NOT NULL,
    name          VARCHAR NOT NULL,
    user_id       VARCHAR,
    anonymous_id  VARCHAR,
    event_time    BIGINT NOT NULL,
    received_at   BIGINT NOT NULL,
    properties    VARCHAR NOT NULL,
    traits        VARCHAR NOT NULL,
    context       VARCHAR NOT NULL,
    previous_id   VARCHAR,
    group_id      VARCHAR
);
