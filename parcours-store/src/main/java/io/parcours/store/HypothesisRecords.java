package io.parcours.store;

import static io.parcours.store.ParcoursStore.utc;

import io.parcours.model.Hypothesis;
import io.parcours.model.Metric;
import io.parcours.model.ParcoursException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The hypotheses of the workspaces and where each stands: to test, running (its experiment splits
 * customers and records exposures), or ended. Thread-safe.
 */
public final class HypothesisRecords {
    /** Where a hypothesis stands. */
    public enum State {
        TO_TEST, RUNNING, ENDED;

        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        static State fromId(String id) {
            return valueOf(id.toUpperCase(Locale.ROOT).replace('-', '_'));
        }
    }

    /** A stored hypothesis with its state and times. */
    public record Stored(Hypothesis hypothesis, State state, Instant createdAt, Optional<Instant> startedAt,
            Optional<Instant> endedAt) {}

    private final ParcoursStore store;

    HypothesisRecords(ParcoursStore store) {
        this.store = store;
    }

    /** Creates or replaces a hypothesis; its state and times stay when it exists. */
    public Stored save(String workspace, Hypothesis hypothesis, Instant now) {
        return store.writeRecords(handle -> {
            store.requireWorkspace(handle, workspace);
            Optional<Stored> existing = find(handle, workspace, hypothesis.key());
            if (existing.isPresent() && existing.get().state() != State.TO_TEST
                    && (existing.get().hypothesis().test() != hypothesis.test()
                        || !existing.get().hypothesis().variants().equals(hypothesis.variants()))) {
                throw ParcoursException.conflict("hypothesis '" + hypothesis.key() + "' has started: its test and variants "
                        + "can no longer change (make a new hypothesis)");
            }
            handle.createUpdate("DELETE FROM hypotheses WHERE workspace_key = :ws AND key = :key")
                    .bind("ws", workspace).bind("key", hypothesis.key()).execute();
            handle.createUpdate("""
                            INSERT INTO hypotheses (workspace_key, key, map_key, touchpoint_key, change, metric, expected_effect,
                                test, variants, changed_at, map_version, window_days, state, created_at, started_at, ended_at)
                            VALUES (:ws, :key, :map, :touchpoint, :change, :metric, :effect, :test, :variants, :changedAt,
                                :mapVersion, :window, :state, :created, :started, :ended)""")
                    .bind("ws", workspace).bind("key", hypothesis.key()).bind("map", hypothesis.map())
                    .bind("touchpoint", hypothesis.touchpoint()).bind("change", hypothesis.change())
                    .bind("metric", hypothesis.metric().id()).bind("effect", hypothesis.expectedEffect())
                    .bind("test", hypothesis.test().id())
                    .bind("variants", hypothesis.variants().stream().map(v -> v.key() + "=" + v.weight())
                            .collect(Collectors.joining(";")))
                    .bind("changedAt", hypothesis.changedAt().map(ParcoursStore::utc).orElse(null))
                    .bind("mapVersion", hypothesis.mapVersion().orElse(null)).bind("window", hypothesis.windowDays())
                    .bind("state", existing.map(Stored::state).orElse(State.TO_TEST).id())
                    .bind("created", utc(existing.map(Stored::createdAt).orElse(now)))
                    .bind("started", existing.flatMap(Stored::startedAt).map(ParcoursStore::utc).orElse(null))
                    .bind("ended", existing.flatMap(Stored::endedAt).map(ParcoursStore::utc).orElse(null))
                    .execute();
            return find(handle, workspace, hypothesis.key()).orElseThrow();
        });
    }

    /** Moves a hypothesis to running (from to-test) or ended (from running). */
    public Stored move(String workspace, String key, State to, Instant now) {
        return store.writeRecords(handle -> {
            Stored current = find(handle, workspace, key).orElseThrow(() -> unknown(workspace, key));
            boolean allowed = to == State.RUNNING && current.state() == State.TO_TEST
                    || to == State.ENDED && current.state() == State.RUNNING;
            if (!allowed) {
                throw ParcoursException.conflict("hypothesis '" + key + "' is " + current.state().id() + ": it can "
                        + (current.state() == State.TO_TEST ? "only start" : current.state() == State.RUNNING ? "only end"
                        : "no longer move"));
            }
            handle.createUpdate("UPDATE hypotheses SET state = :state, " + (to == State.RUNNING ? "started_at" : "ended_at")
                            + " = :now WHERE workspace_key = :ws AND key = :key")
                    .bind("state", to.id()).bind("now", utc(now)).bind("ws", workspace).bind("key", key).execute();
            return find(handle, workspace, key).orElseThrow();
        });
    }

    public Optional<Stored> find(String workspace, String key) {
        return store.read(handle -> find(handle, workspace, key));
    }

    public Stored require(String workspace, String key) {
        return find(workspace, key).orElseThrow(() -> unknown(workspace, key));
    }

    public List<Stored> all(String workspace) {
        return store.read(handle -> {
            store.requireWorkspace(handle, workspace);
            return handle.createQuery("SELECT * FROM hypotheses WHERE workspace_key = :ws ORDER BY created_at, key")
                    .bind("ws", workspace).map((rs, ctx) -> stored(rs)).list();
        });
    }

    public void delete(String workspace, String key) {
        int deleted = store.writeRecords(handle -> handle.createUpdate(
                        "DELETE FROM hypotheses WHERE workspace_key = :ws AND key = :key")
                .bind("ws", workspace).bind("key", key).execute());
        if (deleted == 0) {
            throw unknown(workspace, key);
        }
    }

    private static ParcoursException unknown(String workspace, String key) {
        return ParcoursException.notFound("no hypothesis '" + key + "' in workspace '" + workspace + "'");
    }

    private static Optional<Stored> find(org.jdbi.v3.core.Handle handle, String workspace, String key) {
        return handle.createQuery("SELECT * FROM hypotheses WHERE workspace_key = :ws AND key = :key")
                .bind("ws", workspace).bind("key", key).map((rs, ctx) -> stored(rs)).findOne();
    }

    private static Stored stored(ResultSet rs) throws SQLException {
        List<Hypothesis.Variant> variants = new ArrayList<>();
        String text = rs.getString("variants");
        if (!text.isEmpty()) {
            for (String part : text.split(";")) {
                int at = part.lastIndexOf('=');
                variants.add(new Hypothesis.Variant(part.substring(0, at), Double.parseDouble(part.substring(at + 1))));
            }
        }
        int version = rs.getInt("map_version");
        Optional<Integer> mapVersion = rs.wasNull() ? Optional.empty() : Optional.of(version);
        Hypothesis hypothesis = new Hypothesis(rs.getString("key"), rs.getString("map_key"), rs.getString("touchpoint_key"),
                rs.getString("change"), Metric.fromId(rs.getString("metric")).orElseThrow(), rs.getDouble("expected_effect"),
                Hypothesis.Test.fromId(rs.getString("test")).orElseThrow(), variants, time(rs, "changed_at"), mapVersion,
                rs.getInt("window_days"));
        return new Stored(hypothesis, State.fromId(rs.getString("state")), time(rs, "created_at").orElseThrow(),
                time(rs, "started_at"), time(rs, "ended_at"));
    }

    private static Optional<Instant> time(ResultSet rs, String column) throws SQLException {
        return Optional.ofNullable(rs.getObject(column, OffsetDateTime.class)).map(OffsetDateTime::toInstant);
    }
}
