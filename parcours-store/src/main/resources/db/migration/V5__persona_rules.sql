-- Parcours schema, version 5: the rules that assign customers to personas by their traits.
CREATE TABLE persona_rules (
    workspace_key  VARCHAR NOT NULL,
    persona_key    VARCHAR NOT NULL,
    position       INTEGER NOT NULL,
    where_paths    VARCHAR[] NOT NULL,
    where_patterns VARCHAR[] NOT NULL,
    PRIMARY KEY (workspace_key, persona_key, position)
);
