-- Parcours schema, version 3: how far the events table has been fed from the journal.
-- Events are durable in the journal (journal/ in the data folder) when acknowledged, and loaded
-- into the events table in large batches afterwards; loaded_seq is the last sequence number loaded.
CREATE TABLE event_log_state (
    id         INTEGER PRIMARY KEY,
    loaded_seq BIGINT NOT NULL
);
INSERT INTO event_log_state VALUES (1, 0);
