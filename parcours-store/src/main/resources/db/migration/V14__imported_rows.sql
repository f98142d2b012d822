-- Parcours schema, version 14: the rows of CSV files imported in bulk get a table of their own.
--
-- DuckDB spends nearly as much storing a column that holds one value, or none, in every row as
-- one that varies: in event_rows, the imported rows' source, type, traits and the columns they
-- leave empty took two thirds of the time of storing them. A bulk import now stores its rows in
-- imported_rows, which holds what varies from row to row (mostly numbers), and what an import
-- shares (its source, when it was received) once in event_imports. A row's properties or context
-- left null read as '{}'. Rows imported into event_rows before stay there. The view events reads
-- both tables, every row whole; readers read the view, and only the event log writes and deletes
-- rows of the tables.
CREATE TABLE event_imports (
    ref           INTEGER NOT NULL PRIMARY KEY,
    workspace_key VARCHAR NOT NULL,
    source_key    VARCHAR NOT NULL,
    received_at   BIGINT NOT NULL
);

CREATE TABLE imported_rows (
    seq           BIGINT NOT NULL,
    fingerprint   BIGINT NOT NULL,
    workspace_key VARCHAR NOT NULL,
    import_ref    INTEGER NOT NULL,
    event_time    BIGINT NOT NULL,
    user_ref      INTEGER NOT NULL,
    activity_ref  INTEGER NOT NULL,
    row_digest    UBIGINT,
    row_line      BIGINT,
    message_id    VARCHAR,
    properties    VARCHAR,
    context       VARCHAR
);

CREATE OR REPLACE VIEW events AS
SELECT r.seq, r.fingerprint, r.workspace_key, r.source_key,
       coalesce(r.message_id, 'csv2-' || lpad(lower(hex(r.row_digest)), 16, '0') || '-' || r.row_line) AS message_id,
       r.type, coalesce(r.name, a.activity) AS name, coalesce(r.user_id, i.id) AS user_id, r.anonymous_id,
       r.event_time, r.received_at, r.properties, r.traits, r.context, r.previous_id, r.group_id,
       r.anonymous_ref, r.previous_ref, r.user_ref, r.activity_ref
FROM event_rows r
LEFT JOIN event_activities a ON r.name IS NULL AND a.workspace_key = r.workspace_key AND a.ref = r.activity_ref
LEFT JOIN event_ids i ON r.user_id IS NULL AND i.workspace_key = r.workspace_key AND i.ref = r.user_ref
UNION ALL
SELECT r.seq, r.fingerprint, r.workspace_key, m.source_key,
       coalesce(r.message_id, 'csv2-' || lpad(lower(hex(r.row_digest)), 16, '0') || '-' || r.row_line) AS message_id,
       'track' AS type, a.activity AS name, i.id AS user_id, NULL::VARCHAR AS anonymous_id,
       r.event_time, m.received_at, coalesce(r.properties, '{}') AS properties, '{}' AS traits,
       coalesce(r.context, '{}') AS context, NULL::VARCHAR AS previous_id, NULL::VARCHAR AS group_id,
       NULL::INTEGER AS anonymous_ref, NULL::INTEGER AS previous_ref, r.user_ref, r.activity_ref
FROM imported_rows r
JOIN event_imports m ON m.ref = r.import_ref
LEFT JOIN event_activities a ON a.workspace_key = r.workspace_key AND a.ref = r.activity_ref
LEFT JOIN event_ids i ON i.workspace_key = r.workspace_key AND i.ref = r.user_ref;
