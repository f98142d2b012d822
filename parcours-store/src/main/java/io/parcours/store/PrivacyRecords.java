package io.parcours.store;

import static io.parcours.store.ParcoursStore.utc;

import io.parcours.model.ParcoursException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What customers' rights and retention periods need kept: each workspace's retention period per
 * kind of data, and the record of the erasures done (when, who asked, how much: never the
 * customer's ids). Thread-safe.
 */
public final class PrivacyRecords {
    /** The longest retention period that may be set, in days (a hundred years). */
    public static final int MAX_DAYS = 36_500;

    /** A kind of data with its own retention period. */
    public enum Kind {
        /** Events, by the time they happened; ids no event carries any more are erased with them. */
        EVENTS,
        /** Survey answers, by when they were given. */
        ANSWERS,
        /** Survey invitations (with the e-mail address they were sent to), by when they were made. */
        INVITATIONS;

        /** The name used in the API, the command line and the database. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Kind> fromId(String id) {
            return Arrays.stream(values()).filter(kind -> kind.id().equals(id)).findFirst();
        }

        /** The error for a kind that does not exist. */
        public static ParcoursException unknown(String id) {
            return ParcoursException.invalid("kind", "'" + id + "' is not a kind of data with a retention period: use "
                    + String.join(", ", Arrays.stream(values()).map(Kind::id).toList()));
        }
    }

    /** One erasure done: when, who asked, and how many of each thing went. */
    public record Erasure(String workspace, Instant erasedAt, String requestedBy, int ids, long events, int invitations,
            int answers, int results) {}

    private final ParcoursStore store;

    PrivacyRecords(ParcoursStore store) {
        this.store = store;
    }

    /** A workspace's retention periods in days, by kind; a kind absent is kept forever. */
    public Map<Kind, Integer> retention(String workspace) {
        return store.read(handle -> {
            store.requireWorkspace(handle, workspace);
            Map<Kind, Integer> days = new EnumMap<>(Kind.class);
            handle.createQuery("SELECT kind, days FROM retention WHERE workspace_key = :ws").bind("ws", workspace)
                    .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getInt(2))).list()
                    .forEach(row -> Kind.fromId(row.getKey()).ifPresent(kind -> days.put(kind, row.getValue())));
            return days;
        });
    }

    /** Sets (or, when empty, removes: kept forever) the retention period of one kind in a workspace. */
    public void setRetention(String workspace, Kind kind, Optional<Integer> days) {
        days.ifPresent(d -> {
            if (d < 1 || d > MAX_DAYS) {
                throw ParcoursException.invalid(kind.id(), "a retention period is from 1 to " + MAX_DAYS
                        + " days, not " + d + "; leave it out to keep " + kind.id() + " forever");
            }
        });
        store.writeRecords(handle -> {
            store.requireWorkspace(handle, workspace);
            handle.createUpdate("DELETE FROM retention WHERE workspace_key = :ws AND kind = :kind")
                    .bind("ws", workspace).bind("kind", kind.id()).execute();
            days.ifPresent(d -> handle.createUpdate("INSERT INTO retention VALUES (:ws, :kind, :days)")
                    .bind("ws", workspace).bind("kind", kind.id()).bind("days", d).execute());
            return null;
        });
    }

    /** Records an erasure done. */
    public void recordErasure(Erasure erasure) {
        store.writeRecords(handle -> handle.createUpdate("""
                        INSERT INTO erasures VALUES (:ws, :at, :by, :ids, :events, :invitations, :answers, :results)""")
                .bind("ws", erasure.workspace()).bind("at", utc(erasure.erasedAt())).bind("by", erasure.requestedBy())
                .bind("ids", erasure.ids()).bind("events", erasure.events()).bind("invitations", erasure.invitations())
                .bind("answers", erasure.answers()).bind("results", erasure.results()).execute());
    }

    /** The erasures done in a workspace, newest first. */
    public List<Erasure> erasures(String workspace) {
        return store.read(handle -> {
            store.requireWorkspace(handle, workspace);
            return handle.createQuery("SELECT * FROM erasures WHERE workspace_key = :ws ORDER BY erased_at DESC")
                    .bind("ws", workspace)
                    .map((rs, ctx) -> new Erasure(rs.getString("workspace_key"),
                            rs.getObject("erased_at", OffsetDateTime.class).toInstant(), rs.getString("requested_by"),
                            rs.getInt("ids"), rs.getLong("events"), rs.getInt("invitations"), rs.getInt("answers"),
                            rs.getInt("results")))
                    .list();
        });
    }
}
