-- Parcours schema, version 11: results of analyses computed elsewhere (by the Spark job, or by
-- another Parcours) and loaded to be shown in the dashboard. parameters is a JSON object (as text)
-- of the analysis's parameters, name to value (map, from, to, persona, model, windowDays...);
-- result is the JSON of the analysis exactly as `parcours analyze KIND --json` and the API write it,
-- checked against the analysis's result type before it is stored; result_bytes is its length in
-- UTF-8, so that a list need not read the results themselves.
CREATE SEQUENCE loaded_result_ids START 1;

CREATE TABLE loaded_results (
    id             BIGINT PRIMARY KEY,
    workspace_key  VARCHAR NOT NULL,
    kind           VARCHAR NOT NULL,
    label          VARCHAR NOT NULL,
    engine         VARCHAR NOT NULL,
    parameters     VARCHAR NOT NULL,
    loaded_at      TIMESTAMPTZ NOT NULL,
    loaded_by      VARCHAR NOT NULL,
    result_bytes   BIGINT NOT NULL,
    result         VARCHAR NOT NULL
);
