package io.parcours.store;

import static io.parcours.store.ParcoursStore.utc;

import io.parcours.model.ParcoursException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/**
 * The alerts of the workspaces: opened once per condition, notified, acknowledged, resolved.
 * Opening checks, in its transaction, that no alert with the same condition is open, so that two
 * passes never open the same alert twice. Thread-safe.
 */
public final class AlertRecords {
    /** What a new alert says and measured. */
    public record NewAlert(String workspace, String map, String touchpoint, String metric, String kind, String message,
            double value, double low, double high, Optional<Double> target, Optional<Double> previousValue,
            Optional<Double> pValue, Optional<String> ownerTeam) {}

    private final ParcoursStore store;

    AlertRecords(ParcoursStore store) {
        this.store = store;
    }

    /** Opens the alert unless one with the same condition is open; empty when one is. */
    public Optional<Alert> open(NewAlert alert, Instant at) {
        return store.writeRecords(handle -> {
            boolean exists = handle.createQuery("""
                            SELECT count(*) FROM alerts WHERE workspace_key = :ws AND map_key = :map
                              AND touchpoint_key = :touchpoint AND metric = :metric AND kind = :kind AND resolved_at IS NULL""")
                    .bind("ws", alert.workspace()).bind("map", alert.map()).bind("touchpoint", alert.touchpoint())
                    .bind("metric", alert.metric()).bind("kind", alert.kind()).mapTo(Long.class).one() > 0;
            if (exists) {
                return Optional.<Alert>empty();
            }
            long id = handle.createQuery("SELECT nextval('alert_ids')").mapTo(Long.class).one();
            handle.createUpdate("""
                            INSERT INTO alerts (id, workspace_key, map_key, touchpoint_key, metric, kind, message, value, low,
                                high, target, previous_value, p_value, owner_team, opened_at)
                            VALUES (:id, :ws, :map, :touchpoint, :metric, :kind, :message, :value, :low, :high, :target,
                                :previous, :p, :owner, :at)""")
                    .bind("id", id).bind("ws", alert.workspace()).bind("map", alert.map())
                    .bind("touchpoint", alert.touchpoint()).bind("metric", alert.metric()).bind("kind", alert.kind())
                    .bind("message", alert.message()).bind("value", alert.value()).bind("low", alert.low())
                    .bind("high", alert.high()).bind("target", alert.target().orElse(null))
                    .bind("previous", alert.previousValue().orElse(null)).bind("p", alert.pValue().orElse(null))
                    .bind("owner", alert.ownerTeam().orElse(null)).bind("at", utc(at))
                    .execute();
            return Optional.of(select(handle, "id = " + id).get(0));
        });
    }

    /** Resolves the open alert of this condition, if any: the condition no longer holds. */
    public void resolve(String workspace, String map, String touchpoint, String metric, String kind, Instant at) {
        store.writeRecords(handle -> handle.createUpdate("""
                        UPDATE alerts SET resolved_at = :at WHERE workspace_key = :ws AND map_key = :map
                          AND touchpoint_key = :touchpoint AND metric = :metric AND kind = :kind AND resolved_at IS NULL""")
                .bind("at", utc(at)).bind("ws", workspace).bind("map", map).bind("touchpoint", touchpoint)
                .bind("metric", metric).bind("kind", kind).execute());
    }

    /** Records how the alert was sent (or why it could not be). */
    public void notified(long id, Instant at, String result) {
        store.writeRecords(handle -> handle.createUpdate("UPDATE alerts SET notified_at = :at, notify_result = :result WHERE id = :id")
                .bind("at", utc(at)).bind("result", result).bind("id", id).execute());
    }

    /** Records that {@code by} saw the alert; not found when it does not exist in the workspace. */
    public Alert acknowledge(String workspace, long id, String by, Instant at) {
        return store.writeRecords(handle -> {
            int changed = handle.createUpdate("""
                            UPDATE alerts SET acknowledged_at = coalesce(acknowledged_at, :at),
                                acknowledged_by = coalesce(acknowledged_by, :by)
                            WHERE id = :id AND workspace_key = :ws""")
                    .bind("at", utc(at)).bind("by", by).bind("id", id).bind("ws", workspace).execute();
            if (changed == 0) {
                throw ParcoursException.notFound("no alert " + id + " in workspace '" + workspace + "'");
            }
            return select(handle, "id = " + id).get(0);
        });
    }

    /** A workspace's alerts, newest first: the open ones only, or all. */
    public List<Alert> alerts(String workspace, boolean openOnly, int limit) {
        return store.read(handle -> {
            store.requireWorkspace(handle, workspace);
            return handle.createQuery("SELECT * FROM alerts WHERE workspace_key = :ws"
                            + (openOnly ? " AND resolved_at IS NULL" : "") + " ORDER BY opened_at DESC, id DESC LIMIT "
                            + Math.max(0, limit))
                    .bind("ws", workspace).map((rs, ctx) -> alert(rs)).list();
        });
    }

    private static List<Alert> select(org.jdbi.v3.core.Handle handle, String where) {
        return handle.createQuery("SELECT * FROM alerts WHERE " + where).map((rs, ctx) -> alert(rs)).list();
    }

    private static Alert alert(ResultSet rs) throws SQLException {
        return new Alert(rs.getLong("id"), rs.getString("workspace_key"), rs.getString("map_key"),
                rs.getString("touchpoint_key"), rs.getString("metric"), rs.getString("kind"), rs.getString("message"),
                rs.getDouble("value"), rs.getDouble("low"), rs.getDouble("high"), number(rs, "target"),
                number(rs, "previous_value"), number(rs, "p_value"), Optional.ofNullable(rs.getString("owner_team")),
                time(rs, "opened_at").orElseThrow(), time(rs, "notified_at"), Optional.ofNullable(rs.getString("notify_result")),
                time(rs, "acknowledged_at"), Optional.ofNullable(rs.getString("acknowledged_by")), time(rs, "resolved_at"));
    }

    private static Optional<Double> number(ResultSet rs, String column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(value);
    }

    private static Optional<Instant> time(ResultSet rs, String column) throws SQLException {
        return Optional.ofNullable(rs.getObject(column, OffsetDateTime.class)).map(OffsetDateTime::toInstant);
    }
}
