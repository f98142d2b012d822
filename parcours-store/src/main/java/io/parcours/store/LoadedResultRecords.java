package io.parcours.store;

import static io.parcours.store.ParcoursStore.utc;
import static java.util.Objects.requireNonNull;

import io.parcours.model.ParcoursException;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Results of analyses computed elsewhere (by the Spark job, or by another Parcours) and loaded into
 * a workspace to be shown in the dashboard. The store keeps their parameters and their result as
 * JSON text, as given: the server checks the result against its analysis's type before it comes
 * here. Thread-safe.
 */
public final class LoadedResultRecords {
    /**
     * A loaded result without its (possibly large) JSON.
     *
     * @param parameters the analysis's parameters as a JSON object of names to values
     * @param bytes the length of the result's JSON in UTF-8
     */
    public record Entry(long id, String workspace, String kind, String label, String engine, String parameters,
            Instant loadedAt, String loadedBy, long bytes) {
        public Entry {
            requireNonNull(workspace, "workspace is null");
            requireNonNull(kind, "kind is null");
            requireNonNull(label, "label is null");
            requireNonNull(engine, "engine is null");
            requireNonNull(parameters, "parameters is null");
            requireNonNull(loadedAt, "loadedAt is null");
            requireNonNull(loadedBy, "loadedBy is null");
        }
    }

    /** A loaded result with its JSON. */
    public record Loaded(Entry entry, String result) {
        public Loaded {
            requireNonNull(entry, "entry is null");
            requireNonNull(result, "result is null");
        }
    }

    private static final String COLUMNS = "id, workspace_key, kind, label, engine, parameters, loaded_at, loaded_by, "
            + "result_bytes";

    private final ParcoursStore store;

    LoadedResultRecords(ParcoursStore store) {
        this.store = store;
    }

    /** Stores a result in {@code workspace} (which must exist) and returns its entry, with its new id. */
    public Entry add(String workspace, String kind, String label, String engine, String parameters, String loadedBy,
            String result, Instant at) {
        requireNonNull(result, "result is null");
        return store.writeRecords(handle -> {
            store.requireWorkspace(handle, workspace);
            long id = handle.createQuery("SELECT nextval('loaded_result_ids')").mapTo(Long.class).one();
            handle.createUpdate("""
                            INSERT INTO loaded_results (id, workspace_key, kind, label, engine, parameters, loaded_at,
                                loaded_by, result_bytes, result)
                            VALUES (:id, :ws, :kind, :label, :engine, :parameters, :at, :by, :bytes, :result)""")
                    .bind("id", id).bind("ws", workspace).bind("kind", kind).bind("label", label).bind("engine", engine)
                    .bind("parameters", parameters).bind("at", utc(at)).bind("by", loadedBy)
                    .bind("bytes", (long) result.getBytes(StandardCharsets.UTF_8).length).bind("result", result)
                    .execute();
            return entry(handle, workspace, id).orElseThrow();
        });
    }

    /** The results loaded into {@code workspace}, newest first, without their JSON. */
    public List<Entry> all(String workspace) {
        return store.read(handle -> {
            store.requireWorkspace(handle, workspace);
            return handle.createQuery("SELECT " + COLUMNS + " FROM loaded_results WHERE workspace_key = :ws "
                            + "ORDER BY loaded_at DESC, id DESC")
                    .bind("ws", workspace).map((rs, ctx) -> entry(rs)).list();
        });
    }

    /** Result {@code id} of {@code workspace} with its JSON, if there is one. */
    public Optional<Loaded> find(String workspace, long id) {
        return store.read(handle -> handle.createQuery("SELECT " + COLUMNS + ", result FROM loaded_results "
                        + "WHERE workspace_key = :ws AND id = :id")
                .bind("ws", workspace).bind("id", id)
                .map((rs, ctx) -> new Loaded(entry(rs), rs.getString("result"))).findOne());
    }

    /** Deletes result {@code id} of {@code workspace}; not found when there is none. */
    public void delete(String workspace, long id) {
        int deleted = store.writeRecords(handle -> handle.createUpdate(
                        "DELETE FROM loaded_results WHERE workspace_key = :ws AND id = :id")
                .bind("ws", workspace).bind("id", id).execute());
        if (deleted == 0) {
            throw unknown(workspace, Long.toString(id));
        }
    }

    /**
     * Rewrites the JSON of every result of {@code workspace} through {@code change} (erasure takes a
     * customer's ids out of them), storing those it changed; returns how many changed.
     */
    public int rewrite(String workspace, java.util.function.UnaryOperator<String> change) {
        return store.writeRecords(handle -> {
            int changed = 0;
            List<Map.Entry<Long, String>> results = handle.createQuery(
                            "SELECT id, result FROM loaded_results WHERE workspace_key = :ws ORDER BY id")
                    .bind("ws", workspace).map((rs, ctx) -> Map.entry(rs.getLong(1), rs.getString(2))).list();
            for (Map.Entry<Long, String> result : results) {
                String rewritten = change.apply(result.getValue());
                if (!rewritten.equals(result.getValue())) {
                    handle.createUpdate("UPDATE loaded_results SET result = :result, result_bytes = :bytes WHERE id = :id")
                            .bind("result", rewritten).bind("bytes", (long) rewritten.getBytes(StandardCharsets.UTF_8).length)
                            .bind("id", result.getKey()).execute();
                    changed++;
                }
            }
            return changed;
        });
    }

    /** The error of a result that is not there. */
    public static ParcoursException unknown(String workspace, String id) {
        return ParcoursException.notFound("no loaded result '" + id + "' in workspace '" + workspace
                + "': the list of loaded results gives their ids");
    }

    private static Optional<Entry> entry(Handle handle, String workspace, long id) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM loaded_results WHERE workspace_key = :ws AND id = :id")
                .bind("ws", workspace).bind("id", id).map((rs, ctx) -> entry(rs)).findOne();
    }

    private static Entry entry(ResultSet rs) throws SQLException {
        return new Entry(rs.getLong("id"), rs.getString("workspace_key"), rs.getString("kind"), rs.getString("label"),
                rs.getString("engine"), rs.getString("parameters"),
                rs.getObject("loaded_at", OffsetDateTime.class).toInstant(), rs.getString("loaded_by"),
                rs.getLong("result_bytes"));
    }
}
