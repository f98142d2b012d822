-- Parcours schema, version 13: events stored narrow, so that a CSV file imports fast.
--
-- The table of events becomes event_rows. A row may leave out what is already held as a number:
-- its activity (name, from event_activities by activity_ref) and its user id (user_id, from
-- event_ids by user_ref). A row of a CSV file imported in bulk also leaves out its message id: it
-- keeps the row's digest (the first 8 bytes of the MD5 of its fields, as a little-endian number)
-- and its line instead, and its message id is csv2-<digest in 16 hexadecimal digits>-<line>.
-- The view events gives every row whole, as the table was before; readers read the view, and only
-- the event log writes and deletes rows of the table.
ALTER TABLE events RENAME TO event_rows;
ALTER TABLE event_rows ALTER COLUMN message_id DROP NOT NULL;
ALTER TABLE event_rows ALTER COLUMN name DROP NOT NULL;
ALTER TABLE event_rows ADD COLUMN row_digest UBIGINT;
ALTER TABLE event_rows ADD COLUMN row_line BIGINT;

CREATE VIEW events AS
SELECT r.seq, r.fingerprint, r.workspace_key, r.source_key,
       coalesce(r.message_id, 'csv2-' || lpad(lower(hex(r.row_digest)), 16, '0') || '-' || r.row_line) AS message_id,
       r.type, coalesce(r.name, a.activity) AS name, coalesce(r.user_id, i.id) AS user_id, r.anonymous_id,
       r.event_time, r.received_at, r.properties, r.traits, r.context, r.previous_id, r.group_id,
       r.anonymous_ref, r.previous_ref, r.user_ref, r.activity_ref
FROM event_rows r
LEFT JOIN event_activities a ON r.name IS NULL AND a.workspace_key = r.workspace_key AND a.ref = r.activity_ref
LEFT JOIN event_ids i ON r.user_id IS NULL AND i.workspace_key = r.workspace_key AND i.ref = r.user_ref;

-- The fingerprint of a csv2 message id is keyed with a secret of this database (made at the first
-- start after this version), so that no sender can aim a message at another source's rows.
ALTER TABLE event_log_state ADD COLUMN row_key VARCHAR;

-- Sources that hold rows imported with the earlier CSV message ids (csv-<SHA-256>-<line>): files
-- imported into them keep those ids, so that a file imported again is still recognised. When any
-- event was erased, every source is kept so, as the erased fingerprints no longer say their source.
CREATE TABLE legacy_row_id_sources (
    workspace_key VARCHAR NOT NULL,
    source_key    VARCHAR NOT NULL,
    PRIMARY KEY (workspace_key, source_key)
);
INSERT INTO legacy_row_id_sources
SELECT DISTINCT workspace_key, source_key FROM event_rows WHERE message_id LIKE 'csv-%'
UNION
SELECT workspace_key, key FROM sources WHERE EXISTS (SELECT 1 FROM erased_fingerprints);
