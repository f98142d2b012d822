-- Parcours schema, version 9: hypotheses about changes, and their experiments.
-- variants is "key=weight;key=weight" (A/B tests only); state is to-test, running or ended.
CREATE TABLE hypotheses (
    workspace_key   VARCHAR NOT NULL,
    key             VARCHAR NOT NULL,
    map_key         VARCHAR NOT NULL,
    touchpoint_key  VARCHAR NOT NULL,
    change          VARCHAR NOT NULL,
    metric          VARCHAR NOT NULL,
    expected_effect DOUBLE NOT NULL,
    test            VARCHAR NOT NULL,
    variants        VARCHAR NOT NULL,
    changed_at      TIMESTAMPTZ,
    map_version     INTEGER,
    window_days     INTEGER NOT NULL,
    state           VARCHAR NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    started_at      TIMESTAMPTZ,
    ended_at        TIMESTAMPTZ,
    PRIMARY KEY (workspace_key, key)
);
