package io.parcours.store;

import static io.parcours.store.ParcoursStore.utc;

import io.parcours.model.ErrorCode;
import io.parcours.model.ParcoursException;
import io.parcours.model.SurveyType;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

/**
 * The survey side of the database: each workspace's survey settings and how far its triggers have
 * read the events, the invitations they make, and the answers. Invitation tokens are not stored:
 * a token is the invitation's number followed by an HMAC-SHA256 of it under a secret kept in the
 * database, checked in constant time, so a token cannot be forged or guessed and a copy of the
 * invitations table holds no working links. Thread-safe; writes go through the store's lock.
 */
public final class SurveyRecords {
    /** How often one customer may be asked, across all surveys, when the workspace does not say. */
    public static final int DEFAULT_THROTTLE_DAYS = 30;
    private static final int TOKEN_MAC_BYTES = 15;

    /** The periods KPIs can be counted by. */
    public enum Period {
        DAY, WEEK, MONTH;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Period> fromId(String id) {
            for (Period period : values()) {
                if (period.id().equals(id.trim().toLowerCase(Locale.ROOT))) {
                    return Optional.of(period);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * A workspace's survey settings, and the sequence number of the last event its triggers have
     * read ({@link #NOT_STARTED} until they first run; −1 when they started before any event).
     */
    public record Settings(int throttleDays, long triggerSeq) {
        public boolean started() {
            return triggerSeq != NOT_STARTED;
        }
    }

    /** The trigger position of a workspace whose triggers never ran. */
    public static final long NOT_STARTED = Long.MIN_VALUE;

    private final ParcoursStore store;
    private volatile SecretKeySpec tokenKey;

    SurveyRecords(ParcoursStore store) {
        this.store = store;
    }

    // ---- settings -----------------------------------------------------------------------------

    public Settings settings(String workspace) {
        return store.read(handle -> settings(handle, workspace));
    }

    private static Settings settings(Handle handle, String workspace) {
        return handle.createQuery("SELECT throttle_days, trigger_seq FROM survey_settings WHERE workspace_key = :ws")
                .bind("ws", workspace)
                .map((rs, ctx) -> new Settings(rs.getInt(1), rs.getLong(2)))
                .findOne().orElse(new Settings(DEFAULT_THROTTLE_DAYS, NOT_STARTED));
    }

    /** Sets how often one customer may be asked across all surveys: at most once every {@code days} days (0: no limit). */
    public Settings setThrottleDays(String workspace, int days) {
        if (days < 0 || days > 3650) {
            throw ParcoursException.invalid("throttleDays", "throttleDays must be from 0 (no limit) to 3650 days, not " + days);
        }
        return store.writeRecords(handle -> {
            store.requireWorkspace(handle, workspace);
            Settings current = settings(handle, workspace);
            upsertSettings(handle, workspace, days, current.triggerSeq());
            return new Settings(days, current.triggerSeq());
        });
    }

    private static void upsertSettings(Handle handle, String workspace, int throttleDays, long triggerSeq) {
        handle.createUpdate("""
                        INSERT INTO survey_settings (workspace_key, throttle_days, trigger_seq) VALUES (:ws, :days, :seq)
                        ON CONFLICT (workspace_key) DO UPDATE SET throttle_days = excluded.throttle_days,
                            trigger_seq = excluded.trigger_seq""")
                .bind("ws", workspace).bind("days", throttleDays).bind("seq", triggerSeq).execute();
    }

    // ---- invitations --------------------------------------------------------------------------

    /**
     * Stores the invitations made from the events up to {@code readUpTo}, and that the triggers
     * have read that far, in one transaction: after a crash the triggers resume where the last
     * commit left them, and no event makes its invitations twice.
     */
    public List<Invitation> recordTriggered(String workspace, long readUpTo, List<NewInvitation> invitations) {
        SecretKeySpec key = tokenKey();
        return store.writeRecords(handle -> {
            store.requireWorkspace(handle, workspace);
            Settings current = settings(handle, workspace);
            if (readUpTo < current.triggerSeq()) {
                throw new ParcoursException(ErrorCode.CONFLICT, "the survey triggers of '" + workspace
                        + "' have already read up to event " + current.triggerSeq());
            }
            List<Invitation> made = new ArrayList<>(invitations.size());
            for (NewInvitation invitation : invitations) {
                long id = handle.createQuery("SELECT nextval('survey_invitation_ids')").mapTo(Long.class).one();
                handle.createUpdate("""
                                INSERT INTO survey_invitations (id, workspace_key, map_key, survey_key, touchpoint_key,
                                    customer_id, event_seq, locale, email, created_at, due_at, expires_at)
                                VALUES (:id, :ws, :map, :survey, :touchpoint, :customer, :seq, :locale, :email,
                                    :created, :due, :expires)""")
                        .bind("id", id).bind("ws", workspace).bind("map", invitation.map())
                        .bind("survey", invitation.survey()).bind("touchpoint", invitation.touchpoint())
                        .bind("customer", invitation.customer()).bind("seq", invitation.eventSeq().orElse(null))
                        .bind("locale", invitation.locale()).bind("email", invitation.email().orElse(null))
                        .bind("created", utc(invitation.createdAt())).bind("due", utc(invitation.dueAt()))
                        .bind("expires", utc(invitation.expiresAt()))
                        .execute();
                made.add(new Invitation(id, token(key, id), workspace, invitation.map(), invitation.survey(),
                        invitation.touchpoint(), invitation.customer(), invitation.eventSeq(), invitation.locale(),
                        invitation.email(), micros(invitation.createdAt()), micros(invitation.dueAt()),
                        micros(invitation.expiresAt()), Optional.empty(), Optional.empty()));
            }
            upsertSettings(handle, workspace, current.throttleDays(), readUpTo);
            return made;
        });
    }

    /** When each customer of a workspace invited since {@code since} was last invited. */
    public Map<String, Instant> lastInvited(String workspace, Instant since) {
        return store.read(handle -> {
            Map<String, Instant> last = new HashMap<>();
            handle.createQuery("""
                            SELECT customer_id, max(created_at) FROM survey_invitations
                            WHERE workspace_key = :ws AND created_at >= :since GROUP BY customer_id""")
                    .bind("ws", workspace).bind("since", utc(since))
                    .map((rs, ctx) -> last.put(rs.getString(1), rs.getObject(2, OffsetDateTime.class).toInstant()))
                    .list();
            return last;
        });
    }

    /** The invitation a token names, if the token is genuine and the invitation exists. */
    public Optional<Invitation> invitation(String token) {
        Optional<Long> id = idOf(token);
        if (id.isEmpty()) {
            return Optional.empty();
        }
        return store.read(handle -> select(handle, "id = :id", query -> query.bind("id", id.get()), 1)).stream().findFirst();
    }

    /** The open invitations (due, not expired, not answered) of these ids of one customer, newest first. */
    public List<Invitation> openInvitations(String workspace, List<String> customerIds, Instant now) {
        if (customerIds.isEmpty()) {
            return List.of();
        }
        return store.read(handle -> select(handle, """
                workspace_key = :ws AND customer_id IN (<ids>) AND answered_at IS NULL AND due_at <= :now
                AND expires_at > :now""", query -> query.bind("ws", workspace).bindList("ids", customerIds)
                .bind("now", utc(now)), 20));
    }

    /** A workspace's invitations, newest first: all, or those of one map and survey. */
    public List<Invitation> invitations(String workspace, Optional<String> map, Optional<String> survey, int limit) {
        return store.read(handle -> {
            store.requireWorkspace(handle, workspace);
            return select(handle, "workspace_key = :ws AND (:map IS NULL OR map_key = :map)"
                    + " AND (:survey IS NULL OR survey_key = :survey)", query -> query.bind("ws", workspace)
                    .bind("map", map.orElse(null)).bind("survey", survey.orElse(null)), limit);
        });
    }

    /** Open invitations with an e-mail address and not yet sent, oldest first. */
    public List<Invitation> unsentEmails(Instant now, int limit) {
        return store.read(handle -> select(handle, """
                email IS NOT NULL AND sent_at IS NULL AND answered_at IS NULL AND due_at <= :now AND expires_at > :now""",
                query -> query.bind("now", utc(now)), limit));
    }

    public void markSent(long invitation, Instant at) {
        store.writeRecords(handle -> handle.createUpdate("UPDATE survey_invitations SET sent_at = :at WHERE id = :id")
                .bind("at", utc(at)).bind("id", invitation).execute());
    }

    /** Everything held about one customer's surveys: their invitations and their answers, newest first. */
    public record CustomerSurveys(List<Invitation> invitations, List<SurveyAnswer> answers) {}

    /** The invitations and answers of any of {@code customerIds} (all the ids of one customer) in a workspace. */
    public CustomerSurveys ofCustomer(String workspace, List<String> customerIds) {
        if (customerIds.isEmpty()) {
            return new CustomerSurveys(List.of(), List.of());
        }
        return store.read(handle -> new CustomerSurveys(
                select(handle, "workspace_key = :ws AND customer_id IN (<ids>)",
                        query -> query.bind("ws", workspace).bindList("ids", customerIds), Integer.MAX_VALUE),
                handle.createQuery("SELECT * FROM survey_answers WHERE workspace_key = :ws AND customer_id IN (<ids>) "
                                + "ORDER BY answered_at DESC")
                        .bind("ws", workspace).bindList("ids", customerIds).map((rs, ctx) -> answer(rs)).list()));
    }

    /** How many invitations and answers an erasure or a purge deleted. */
    public record Deleted(int invitations, int answers) {}

    /** Deletes the invitations (with their e-mail addresses) and the answers of any of {@code customerIds}. */
    public Deleted eraseCustomer(String workspace, List<String> customerIds) {
        if (customerIds.isEmpty()) {
            return new Deleted(0, 0);
        }
        return store.writeRecords(handle -> new Deleted(
                handle.createUpdate("DELETE FROM survey_invitations WHERE workspace_key = :ws AND customer_id IN (<ids>)")
                        .bind("ws", workspace).bindList("ids", customerIds).execute(),
                handle.createUpdate("DELETE FROM survey_answers WHERE workspace_key = :ws AND customer_id IN (<ids>)")
                        .bind("ws", workspace).bindList("ids", customerIds).execute()));
    }

    /**
     * Deletes a workspace's invitations made before {@code invitationsBefore} and its answers given
     * before {@code answersBefore} (either may be empty: that kind is kept), for retention periods.
     * An invitation kept keeps its answer's link even when the answer itself goes, and the reverse.
     */
    public Deleted purge(String workspace, Optional<Instant> invitationsBefore, Optional<Instant> answersBefore) {
        return store.writeRecords(handle -> new Deleted(
                invitationsBefore.map(before -> handle.createUpdate(
                                "DELETE FROM survey_invitations WHERE workspace_key = :ws AND created_at < :before")
                        .bind("ws", workspace).bind("before", utc(before)).execute()).orElse(0),
                answersBefore.map(before -> handle.createUpdate(
                                "DELETE FROM survey_answers WHERE workspace_key = :ws AND answered_at < :before")
                        .bind("ws", workspace).bind("before", utc(before)).execute()).orElse(0)));
    }

    private List<Invitation> select(Handle handle, String where, java.util.function.UnaryOperator<Query> binder, int limit) {
        SecretKeySpec key = tokenKey();
        Query query = handle.createQuery("SELECT * FROM survey_invitations WHERE " + where
                + " ORDER BY created_at DESC, id DESC LIMIT " + Math.max(0, limit));
        return binder.apply(query).map((rs, ctx) -> invitation(rs, key)).list();
    }

    private static Invitation invitation(ResultSet rs, SecretKeySpec key) throws SQLException {
        long seq = rs.getLong("event_seq");
        Optional<Long> eventSeq = rs.wasNull() ? Optional.empty() : Optional.of(seq);
        long id = rs.getLong("id");
        return new Invitation(id, token(key, id), rs.getString("workspace_key"), rs.getString("map_key"),
                rs.getString("survey_key"), rs.getString("touchpoint_key"), rs.getString("customer_id"), eventSeq,
                rs.getString("locale"), Optional.ofNullable(rs.getString("email")), instant(rs, "created_at").orElseThrow(),
                instant(rs, "due_at").orElseThrow(), instant(rs, "expires_at").orElseThrow(), instant(rs, "sent_at"),
                instant(rs, "answered_at"));
    }

    // ---- answers ------------------------------------------------------------------------------

    /**
     * Stores the answer to an invitation and marks it answered, in one transaction; a conflict if
     * it was answered already (a token answers once).
     */
    public void answer(Invitation invitation, SurveyAnswer answer) {
        store.writeRecords(handle -> {
            int changed = handle.createUpdate(
                            "UPDATE survey_invitations SET answered_at = :at WHERE id = :id AND answered_at IS NULL")
                    .bind("at", utc(answer.answeredAt())).bind("id", invitation.id()).execute();
            if (changed == 0) {
                throw ParcoursException.conflict("this survey has already been answered: thank you");
            }
            insertAnswer(handle, answer);
            return null;
        });
    }

    private static void insertAnswer(Handle handle, SurveyAnswer answer) {
        handle.createUpdate("""
                        INSERT INTO survey_answers (invitation_id, workspace_key, map_key, survey_key, touchpoint_key,
                            survey_type, customer_id, locale, score, comment, answers, answered_at)
                        VALUES (:invitation, :ws, :map, :survey, :touchpoint, :type, :customer, :locale, :score,
                            :comment, :answers, :at)""")
                .bind("invitation", answer.invitation().orElse(null)).bind("ws", answer.workspace())
                .bind("map", answer.map()).bind("survey", answer.survey()).bind("touchpoint", answer.touchpoint())
                .bind("type", answer.type().id()).bind("customer", answer.customer()).bind("locale", answer.locale())
                .bind("score", answer.score().orElse(null)).bind("comment", answer.comment().orElse(null))
                .bind("answers", answer.answers()).bind("at", utc(answer.answeredAt()))
                .execute();
    }

    /**
     * Appends answers that come without invitations (imported from another tool, or simulated) in
     * one transaction, through DuckDB's appender: a million answers take seconds.
     */
    public void appendAnswers(String workspace, Iterable<SurveyAnswer> answers) {
        store.writeRecords(handle -> {
            store.requireWorkspace(handle, workspace);
            try {
                DuckDBConnection writer = handle.getConnection().unwrap(DuckDBConnection.class);
                try (DuckDBAppender rows = writer.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "survey_answers")) {
                    for (SurveyAnswer answer : answers) {
                        if (!answer.workspace().equals(workspace)) {
                            throw ParcoursException.invalid("workspace", "an answer of workspace '" + answer.workspace()
                                    + "' cannot be added to '" + workspace + "'");
                        }
                        rows.beginRow();
                        if (answer.invitation().isPresent()) {
                            rows.append(answer.invitation().get());
                        } else {
                            rows.appendNull();
                        }
                        rows.append(workspace);
                        rows.append(answer.map());
                        rows.append(answer.survey());
                        rows.append(answer.touchpoint());
                        rows.append(answer.type().id());
                        rows.append(answer.customer());
                        rows.append(answer.locale());
                        if (answer.score().isPresent()) {
                            rows.append(answer.score().get());
                        } else {
                            rows.appendNull();
                        }
                        if (answer.comment().isPresent()) {
                            rows.append(answer.comment().get());
                        } else {
                            rows.appendNull();
                        }
                        rows.append(answer.answers());
                        rows.append(answer.answeredAt().atOffset(ZoneOffset.UTC));
                        rows.endRow();
                    }
                }
            } catch (SQLException e) {
                throw new ParcoursException(ErrorCode.STORAGE, "cannot store the answers: " + e.getMessage(), e);
            }
            return null;
        });
    }

    /**
     * The answers per score of standard surveys, by map, touchpoint and survey, and by period when
     * one is given: all the KPIs need, read in one scan.
     */
    public List<ScoreRow> scoreCounts(AnswerFilter filter, Optional<Period> period) {
        List<ScoreRow> rows = store.read(handle -> filtered(handle, "SELECT map_key, touchpoint_key, survey_key, survey_type, "
                + day(period, "answered_at") + " AS day, score, count(*), count(invitation_id) FROM survey_answers "
                + "WHERE score IS NOT NULL AND ", "answered_at", " GROUP BY ALL", filter)
                .map((rs, ctx) -> new ScoreRow(rs.getString(1), rs.getString(2), rs.getString(3),
                        SurveyType.fromId(rs.getString(4)).orElseThrow(), bucket(rs, 5, period), rs.getInt(6), rs.getLong(7),
                        rs.getLong(8)))
                .list());
        if (period.isEmpty() || period.get() == Period.DAY) {
            return rows;
        }
        Map<List<Object>, ScoreRow> merged = new java.util.LinkedHashMap<>();
        for (ScoreRow row : rows) {
            merged.merge(List.of(row.map(), row.touchpoint(), row.survey(), row.type(), row.period(), row.score()), row,
                    (a, b) -> new ScoreRow(a.map(), a.touchpoint(), a.survey(), a.type(), a.period(), a.score(),
                            a.answers() + b.answers(), a.invited() + b.invited()));
        }
        return List.copyOf(merged.values());
    }

    /** The invitations made per map, touchpoint and survey (and period), due in the filter's range: the response rate's base. */
    public List<CountRow> invitationCounts(AnswerFilter filter, Optional<Period> period) {
        List<CountRow> rows = store.read(handle -> filtered(handle, "SELECT map_key, touchpoint_key, survey_key, "
                + day(period, "due_at") + " AS day, count(*) FROM survey_invitations WHERE ", "due_at", " GROUP BY ALL", filter)
                .map((rs, ctx) -> new CountRow(rs.getString(1), rs.getString(2), rs.getString(3), bucket(rs, 4, period),
                        rs.getLong(5)))
                .list());
        if (period.isEmpty() || period.get() == Period.DAY) {
            return rows;
        }
        Map<List<Object>, CountRow> merged = new java.util.LinkedHashMap<>();
        for (CountRow row : rows) {
            merged.merge(List.of(row.map(), row.touchpoint(), row.survey(), row.period()), row,
                    (a, b) -> new CountRow(a.map(), a.touchpoint(), a.survey(), a.period(), a.count() + b.count()));
        }
        return List.copyOf(merged.values());
    }

    /**
     * The UTC day of a time column as a number of days since 1970, or NULL without a period: integer
     * arithmetic, several times cheaper than DuckDB's time-zone-aware date_trunc. Weeks and months
     * are made from days in Java.
     */
    private static String day(Optional<Period> period, String column) {
        return period.isEmpty() ? "NULL" : "CAST(floor(epoch_ms(" + column + ") / 86400000) AS BIGINT)";
    }

    private static Optional<Instant> bucket(ResultSet rs, int column, Optional<Period> period) throws SQLException {
        long day = rs.getLong(column);
        if (rs.wasNull() || period.isEmpty()) {
            return Optional.empty();
        }
        java.time.LocalDate date = java.time.LocalDate.ofEpochDay(day);
        java.time.LocalDate start = switch (period.get()) {
            case DAY -> date;
            case WEEK -> date.with(java.time.temporal.TemporalAdjusters.previousOrSame(java.time.DayOfWeek.MONDAY));
            case MONTH -> date.withDayOfMonth(1);
        };
        return Optional.of(start.atStartOfDay(ZoneOffset.UTC).toInstant());
    }

    /** One scored answer: who gave it, the score, and when. */
    public record Scored(String customer, SurveyType type, int score, Instant answeredAt) {}

    /** The scored answers of standard surveys in the filter, oldest first: what experiments compare. */
    public List<Scored> scored(AnswerFilter filter) {
        return store.read(handle -> filtered(handle, "SELECT customer_id, survey_type, score, answered_at FROM survey_answers "
                + "WHERE score IS NOT NULL AND ", "answered_at", " ORDER BY answered_at", filter)
                .map((rs, ctx) -> new Scored(rs.getString(1), SurveyType.fromId(rs.getString(2)).orElseThrow(), rs.getInt(3),
                        instant(rs, "answered_at").orElseThrow()))
                .list());
    }

    /** Answers with a comment, newest first, whose comment contains {@code search} (any case) when given. */
    public List<SurveyAnswer> comments(AnswerFilter filter, Optional<String> search, int limit) {
        String like = search.map(text -> "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%")
                .orElse(null);
        return store.read(handle -> filtered(handle, "SELECT * FROM survey_answers WHERE comment IS NOT NULL AND "
                + "(:search IS NULL OR comment ILIKE :search ESCAPE '\\') AND ", "answered_at",
                " ORDER BY answered_at DESC LIMIT " + Math.max(0, limit), filter)
                .bind("search", like)
                .map((rs, ctx) -> answer(rs)).list());
    }

    /** Hands every comment in the filter to {@code consumer} with its map and touchpoint ("map/touchpoint"). */
    public void forEachComment(AnswerFilter filter, BiConsumer<String, String> consumer) {
        store.read(handle -> {
            try (var rows = filtered(handle, "SELECT map_key || '/' || touchpoint_key, comment FROM survey_answers "
                    + "WHERE comment IS NOT NULL AND ", "answered_at", "", filter).setFetchSize(10_000)
                    .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2))).stream()) {
                rows.forEach(row -> consumer.accept(row.getKey(), row.getValue()));
            }
            return null;
        });
    }

    private Query filtered(Handle handle, String head, String timeColumn, String tail, AnswerFilter filter) {
        store.requireWorkspace(handle, filter.workspace());
        return handle.createQuery(head + "workspace_key = :ws AND (:map IS NULL OR map_key = :map)"
                        + " AND (:touchpoint IS NULL OR touchpoint_key = :touchpoint)"
                        + " AND " + timeColumn + " >= :from AND " + timeColumn + " < :to" + tail)
                .bind("ws", filter.workspace()).bind("map", filter.map().orElse(null))
                .bind("touchpoint", filter.touchpoint().orElse(null))
                .bind("from", utc(filter.from())).bind("to", utc(filter.to()));
    }

    private static SurveyAnswer answer(ResultSet rs) throws SQLException {
        long invitation = rs.getLong("invitation_id");
        Optional<Long> invitationId = rs.wasNull() ? Optional.empty() : Optional.of(invitation);
        int score = rs.getInt("score");
        Optional<Integer> scored = rs.wasNull() ? Optional.empty() : Optional.of(score);
        return new SurveyAnswer(invitationId, rs.getString("workspace_key"), rs.getString("map_key"),
                rs.getString("survey_key"), rs.getString("touchpoint_key"),
                SurveyType.fromId(rs.getString("survey_type")).orElseThrow(), rs.getString("customer_id"),
                rs.getString("locale"), scored, Optional.ofNullable(rs.getString("comment")), rs.getString("answers"),
                instant(rs, "answered_at").orElseThrow());
    }

    // ---- tokens -------------------------------------------------------------------------------

    private static String token(SecretKeySpec key, long id) {
        byte[] token = ByteBuffer.allocate(8 + TOKEN_MAC_BYTES).putLong(id).put(mac(key, id), 0, TOKEN_MAC_BYTES).array();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
    }

    private Optional<Long> idOf(String token) {
        if (token == null || token.length() != 31) {
            return Optional.empty();
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (bytes.length != 8 + TOKEN_MAC_BYTES
                || !Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).equals(token)) {
            // the last character carries two spare bits: only the one spelling Parcours made is a token
            return Optional.empty();
        }
        long id = ByteBuffer.wrap(bytes).getLong();
        byte[] expected = java.util.Arrays.copyOf(mac(tokenKey(), id), TOKEN_MAC_BYTES);
        byte[] given = java.util.Arrays.copyOfRange(bytes, 8, bytes.length);
        return MessageDigest.isEqual(expected, given) ? Optional.of(id) : Optional.empty();
    }

    private static byte[] mac(SecretKeySpec key, long id) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(ByteBuffer.allocate(8).putLong(id).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** The key that signs tokens: made at random on first use and kept in the database. */
    private SecretKeySpec tokenKey() {
        SecretKeySpec key = tokenKey;
        if (key != null) {
            return key;
        }
        synchronized (this) {
            if (tokenKey == null) {
                String secret = store.writeRecords(handle -> handle.createQuery(
                                "SELECT value FROM secrets WHERE name = 'survey-token'").mapTo(String.class).findOne()
                        .orElseGet(() -> {
                            byte[] bytes = new byte[32];
                            new SecureRandom().nextBytes(bytes);
                            String made = Base64.getEncoder().encodeToString(bytes);
                            handle.createUpdate("INSERT INTO secrets (name, value) VALUES ('survey-token', :value)")
                                    .bind("value", made).execute();
                            return made;
                        }));
                tokenKey = new SecretKeySpec(Base64.getDecoder().decode(secret), "HmacSHA256");
            }
            return tokenKey;
        }
    }

    // ---- times --------------------------------------------------------------------------------

    private static Instant micros(Instant instant) {
        return instant.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }

    private static Optional<Instant> instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return Optional.ofNullable(value).map(OffsetDateTime::toInstant);
    }
}
