-- Parcours schema, version 1: workspaces, teams, personas, versioned journey maps, API tokens.
-- Map versions are immutable: saving a map writes a new version with all its stages,
-- touchpoints and targets; the maps table points at the latest one.

CREATE TABLE workspaces (
    key          VARCHAR PRIMARY KEY,
    name         VARCHAR NOT NULL,
    description  VARCHAR NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL
);

CREATE TABLE teams (
    workspace_key VARCHAR NOT NULL,
    key           VARCHAR NOT NULL,
    position      INTEGER NOT NULL,
    name          VARCHAR NOT NULL,
    email         VARCHAR,
    webhook_url   VARCHAR,
    PRIMARY KEY (workspace_key, key)
);

CREATE TABLE personas (
    workspace_key VARCHAR NOT NULL,
    key           VARCHAR NOT NULL,
    position      INTEGER NOT NULL,
    name          VARCHAR NOT NULL,
    description   VARCHAR NOT NULL,
    goals         VARCHAR[] NOT NULL,
    pains         VARCHAR[] NOT NULL,
    gains         VARCHAR[] NOT NULL,
    PRIMARY KEY (workspace_key, key)
);

CREATE TABLE maps (
    workspace_key  VARCHAR NOT NULL,
    key            VARCHAR NOT NULL,
    position       INTEGER NOT NULL,
    latest_version INTEGER NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (workspace_key, key)
);

CREATE TABLE map_versions (
    workspace_key VARCHAR NOT NULL,
    map_key       VARCHAR NOT NULL,
    version       INTEGER NOT NULL,
    saved_at      TIMESTAMPTZ NOT NULL,
    author        VARCHAR NOT NULL,
    message       VARCHAR NOT NULL,
    name          VARCHAR NOT NULL,
    persona_key   VARCHAR NOT NULL,
    state         VARCHAR NOT NULL,
    description   VARCHAR NOT NULL,
    conversion    VARCHAR,
    redesigns     VARCHAR,
    PRIMARY KEY (workspace_key, map_key, version)
);

CREATE TABLE stages (
    workspace_key  VARCHAR NOT NULL,
    map_key        VARCHAR NOT NULL,
    version        INTEGER NOT NULL,
    position       INTEGER NOT NULL,
    key            VARCHAR NOT NULL,
    name           VARCHAR NOT NULL,
    description    VARCHAR NOT NULL,
    customer_goals VARCHAR[] NOT NULL,
    actions        VARCHAR[] NOT NULL,
    questions      VARCHAR[] NOT NULL,
    expectations   VARCHAR[] NOT NULL,
    emotion_score  INTEGER,
    emotion_word   VARCHAR,
    pains          VARCHAR[] NOT NULL,
    gains          VARCHAR[] NOT NULL,
    opportunities  VARCHAR[] NOT NULL,
    company_goals  VARCHAR[] NOT NULL,
    measures       VARCHAR[] NOT NULL,
    PRIMARY KEY (workspace_key, map_key, version, key)
);

CREATE TABLE touchpoints (
    workspace_key VARCHAR NOT NULL,
    map_key       VARCHAR NOT NULL,
    version       INTEGER NOT NULL,
    position      INTEGER NOT NULL,
    key           VARCHAR NOT NULL,
    name          VARCHAR NOT NULL,
    stage_key     VARCHAR NOT NULL,
    channel       VARCHAR NOT NULL,
    online        BOOLEAN NOT NULL,
    owner_team    VARCHAR,
    parent_key    VARCHAR,
    description   VARCHAR NOT NULL,
    PRIMARY KEY (workspace_key, map_key, version, key)
);

-- element_kind is 'stage' or 'touchpoint'; metric is a Metric id (nps, csat, ces, ...).
CREATE TABLE kpi_targets (
    workspace_key VARCHAR NOT NULL,
    map_key       VARCHAR NOT NULL,
    version       INTEGER NOT NULL,
    element_kind  VARCHAR NOT NULL,
    element_key   VARCHAR NOT NULL,
    metric        VARCHAR NOT NULL,
    target        DOUBLE NOT NULL,
    PRIMARY KEY (workspace_key, map_key, version, element_kind, element_key, metric)
);

-- Only the SHA-256 of a token is stored; the token itself is shown once, when created.
CREATE TABLE api_tokens (
    id          VARCHAR PRIMARY KEY,
    name        VARCHAR NOT NULL,
    token_hash  VARCHAR NOT NULL UNIQUE,
    role        VARCHAR NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    revoked_at  TIMESTAMPTZ
);
