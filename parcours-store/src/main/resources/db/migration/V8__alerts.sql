-- Parcours schema, version 8: alerts on touchpoints that need action.
--
-- An alert is opened when a touchpoint's KPI turns red (its interval below the target) or drops
-- significantly against the previous period, once per condition: while an alert with the same
-- workspace, map, touchpoint, metric and kind is open (resolved_at null), no other is opened. It
-- is resolved when the condition no longer holds; acknowledging it records who saw it.
CREATE SEQUENCE alert_ids START 1;

CREATE TABLE alerts (
    id              BIGINT PRIMARY KEY,
    workspace_key   VARCHAR NOT NULL,
    map_key         VARCHAR NOT NULL,
    touchpoint_key  VARCHAR NOT NULL,
    metric          VARCHAR NOT NULL,
    kind            VARCHAR NOT NULL,
    message         VARCHAR NOT NULL,
    value           DOUBLE NOT NULL,
    low             DOUBLE NOT NULL,
    high            DOUBLE NOT NULL,
    target          DOUBLE,
    previous_value  DOUBLE,
    p_value         DOUBLE,
    owner_team      VARCHAR,
    opened_at       TIMESTAMPTZ NOT NULL,
    notified_at     TIMESTAMPTZ,
    notify_result   VARCHAR,
    acknowledged_at TIMESTAMPTZ,
    acknowledged_by VARCHAR,
    resolved_at     TIMESTAMPTZ
);
