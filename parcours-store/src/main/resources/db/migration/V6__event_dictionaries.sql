-- Parcours schema, version 6: ids and activities numbered per workspace, so that the journey index
-- is rebuilt at start from integer columns (fast) instead of strings (slow through JDBC).
--
-- event_ids numbers every id (user, anonymous, alias previous id) in the order it was first seen:
-- within one message the anonymous id first, then the previous id, then the user id.
-- event_activities numbers activities: a track's event name, a page's or screen's name, or the
-- message type when there is no name. The events table refers to both by number.
CREATE TABLE event_ids (
    workspace_key VARCHAR NOT NULL,
    ref           INTEGER NOT NULL,
    id            VARCHAR NOT NULL
);

CREATE TABLE event_activities (
    workspace_key VARCHAR NOT NULL,
    ref           INTEGER NOT NULL,
    activity      VARCHAR NOT NULL
);

ALTER TABLE events ADD COLUMN anonymous_ref INTEGER;
ALTER TABLE events ADD COLUMN previous_ref INTEGER;
ALTER TABLE events ADD COLUMN user_ref INTEGER;
ALTER TABLE events ADD COLUMN activity_ref INTEGER;

-- Number what is already stored, as the event loader numbers what arrives.
INSERT INTO event_ids
SELECT workspace_key, (row_number() OVER (PARTITION BY workspace_key ORDER BY first_seq, first_slot) - 1)::INTEGER, id
FROM (
    SELECT workspace_key, id, arg_min(slot, seq * 4 + slot) AS first_slot, min(seq) AS first_seq
    FROM (
        SELECT workspace_key, anonymous_id AS id, seq, 0 AS slot FROM events WHERE anonymous_id IS NOT NULL
        UNION ALL
        SELECT workspace_key, previous_id, seq, 1 FROM events WHERE type = 'alias' AND previous_id IS NOT NULL
        UNION ALL
        SELECT workspace_key, user_id, seq, 2 FROM events WHERE user_id IS NOT NULL
    )
    GROUP BY workspace_key, id
);

INSERT INTO event_activities
SELECT workspace_key, (row_number() OVER (PARTITION BY workspace_key ORDER BY first_seq) - 1)::INTEGER, activity
FROM (
    SELECT workspace_key, CASE WHEN name = '' THEN type ELSE name END AS activity, min(seq) AS first_seq
    FROM events
    GROUP BY ALL
);

UPDATE events SET
    anonymous_ref = (SELECT i.ref FROM event_ids i WHERE i.workspace_key = events.workspace_key AND i.id = events.anonymous_id),
    previous_ref = CASE WHEN type = 'alias' THEN
        (SELECT i.ref FROM event_ids i WHERE i.workspace_key = events.workspace_key AND i.id = events.previous_id) END,
    user_ref = (SELECT i.ref FROM event_ids i WHERE i.workspace_key = events.workspace_key AND i.id = events.user_id),
    activity_ref = (SELECT a.ref FROM event_activities a WHERE a.workspace_key = events.workspace_key
        AND a.activity = CASE WHEN events.name = '' THEN events.type ELSE events.name END);
