-- Parcours schema, version 4: the rules that match real events to touchpoints, per map version.
-- Conditions are kept as two parallel lists, paths and patterns, in the order written.
CREATE TABLE match_rules (
    workspace_key  VARCHAR NOT NULL,
    map_key        VARCHAR NOT NULL,
    version        INTEGER NOT NULL,
    touchpoint_key VARCHAR NOT NULL,
    position       INTEGER NOT NULL,
    events         VARCHAR[] NOT NULL,
    type           VARCHAR,
    where_paths    VARCHAR[] NOT NULL,
    where_patterns VARCHAR[] NOT NULL,
    PRIMARY KEY (workspace_key, map_key, version, touchpoint_key, position)
);
