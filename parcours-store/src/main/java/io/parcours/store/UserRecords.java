package io.parcours.store;

import static io.parcours.store.ParcoursStore.utc;

import io.parcours.model.ErrorCode;
import io.parcours.model.ParcoursException;
import io.parcours.model.Role;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The people who log in, their sessions and their failed logins. Password hashing is the caller's
 * (the server's) business: this class stores and returns the hash string as given. Every change
 * that could leave Parcours without an active admin is refused. Thread-safe.
 */
public final class UserRecords {
    /** A user with the hash of their password, for checking a login. */
    public record Credentials(User user, String passwordHash) {}

    /** A session just opened: its record and the secret for the browser's cookie, which is never stored. */
    public record OpenedSession(UserSession session, String secret) {}

    /** The failed logins of one e-mail address, and until when it is locked. */
    public record Failures(int count, Optional<Instant> lockedUntil) {
        public boolean lockedAt(Instant now) {
            return lockedUntil.filter(now::isBefore).isPresent();
        }
    }

    private static final String USER_COLUMNS = "id, email, name, role, language, created_at, disabled_at";

    private final ParcoursStore store;

    UserRecords(ParcoursStore store) {
        this.store = store;
    }

    /** E-mail addresses are compared without regard to case or surrounding spaces. */
    public static String normalEmail(String email) {
        return email == null ? "" : email.trim().toLowerCase(Locale.ROOT);
    }

    public int count() {
        return store.read(handle -> handle.createQuery("SELECT count(*) FROM users").mapTo(Integer.class).one());
    }

    /** Adds a user; a conflict when the e-mail address is taken. */
    public User create(String email, String name, Role role, String passwordHash) {
        String normal = normalEmail(email);
        String id = "u_" + store.randomSecret().substring(0, 12);
        Instant now = store.instantNow();
        return store.writeRecords(handle -> {
            if (byEmail(handle, normal).isPresent()) {
                throw new ParcoursException(ErrorCode.CONFLICT, "a user with the e-mail address '" + normal
                        + "' exists already: change that user instead, or use another address");
            }
            handle.createUpdate("""
                            INSERT INTO users (id, email, name, role, password_hash, created_at)
                            VALUES (:id, :email, :name, :role, :hash, :now)""")
                    .bind("id", id).bind("email", normal).bind("name", name).bind("role", role.id())
                    .bind("hash", passwordHash).bind("now", utc(now)).execute();
            return new User(id, normal, name, role, Optional.empty(), now, Optional.empty());
        });
    }

    public List<User> all() {
        return store.read(handle -> handle.createQuery("SELECT " + USER_COLUMNS + " FROM users ORDER BY email")
                .map((rs, ctx) -> user(rs)).list());
    }

    public Optional<User> find(String id) {
        return store.read(handle -> handle.createQuery("SELECT " + USER_COLUMNS + " FROM users WHERE id = :id")
                .bind("id", id).map((rs, ctx) -> user(rs)).findOne());
    }

    public User require(String id) {
        return find(id).orElseThrow(() -> ParcoursException.notFound("no user with id '" + id + "'"));
    }

    public Optional<User> byEmail(String email) {
        return store.read(handle -> byEmail(handle, normalEmail(email)));
    }

    /** The user and password hash for a login, if an active user has this address. */
    public Optional<Credentials> credentials(String email) {
        return store.read(handle -> handle.createQuery("SELECT " + USER_COLUMNS
                        + ", password_hash FROM users WHERE email = :email AND disabled_at IS NULL")
                .bind("email", normalEmail(email))
                .map((rs, ctx) -> new Credentials(user(rs), rs.getString("password_hash"))).findOne());
    }

    /** Changes a user's name, role and language; refuses to demote the last active admin. */
    public User update(String id, String name, Role role, Optional<String> language) {
        return store.writeRecords(handle -> {
            User user = requireIn(handle, id);
            if (user.role() == Role.ADMIN && role != Role.ADMIN && user.active()) {
                requireAnotherAdmin(handle, id, "change the role of");
            }
            handle.createUpdate("UPDATE users SET name = :name, role = :role, language = :language WHERE id = :id")
                    .bind("id", id).bind("name", name).bind("role", role.id()).bind("language", language.orElse(null))
                    .execute();
            return new User(id, user.email(), name, role, language, user.createdAt(), user.disabledAt());
        });
    }

    public void setPassword(String id, String passwordHash) {
        store.writeRecords(handle -> {
            requireIn(handle, id);
            return handle.createUpdate("UPDATE users SET password_hash = :hash WHERE id = :id")
                    .bind("id", id).bind("hash", passwordHash).execute();
        });
    }

    /** Disables or enables a user; disabling ends their sessions and stops their personal tokens. */
    public User setDisabled(String id, boolean disabled) {
        return store.writeRecords(handle -> {
            User user = requireIn(handle, id);
            if (disabled && user.role() == Role.ADMIN && user.active()) {
                requireAnotherAdmin(handle, id, "disable");
            }
            Instant now = store.instantNow();
            handle.createUpdate("UPDATE users SET disabled_at = :at WHERE id = :id")
                    .bind("id", id).bind("at", disabled ? utc(now) : null).execute();
            if (disabled) {
                handle.createUpdate("DELETE FROM user_sessions WHERE user_id = :id").bind("id", id).execute();
            }
            return new User(id, user.email(), user.name(), user.role(), user.language(), user.createdAt(),
                    disabled ? Optional.of(now) : Optional.empty());
        });
    }

    // ---- sessions -------------------------------------------------------------------------------

    /** Opens a session for an active user, lasting {@code lifetime}. */
    public OpenedSession openSession(User user, Duration lifetime) {
        String secret = store.randomSecret();
        String csrf = store.randomSecret();
        Instant now = store.instantNow();
        Instant expires = now.plus(lifetime);
        String hash = ParcoursStore.sha256(secret);
        store.writeRecords(handle -> handle.createUpdate("""
                        INSERT INTO user_sessions (session_hash, user_id, csrf_token, created_at, expires_at)
                        VALUES (:hash, :user, :csrf, :now, :expires)""")
                .bind("hash", hash).bind("user", user.id()).bind("csrf", csrf).bind("now", utc(now))
                .bind("expires", utc(expires)).execute());
        return new OpenedSession(new UserSession(hash, user, csrf, now, expires), secret);
    }

    /** The unexpired session of an active user with this secret, if any. */
    public Optional<UserSession> session(String secret) {
        if (secret == null || secret.isEmpty() || secret.length() > 100) {
            return Optional.empty();
        }
        String hash = ParcoursStore.sha256(secret);
        Instant now = store.instantNow();
        return store.read(handle -> handle.createQuery("SELECT u.id, u.email, u.name, u.role, u.language, u.created_at, "
                        + "u.disabled_at, s.session_hash, s.csrf_token, s.created_at AS session_created, s.expires_at "
                        + "FROM user_sessions s JOIN users u ON u.id = s.user_id "
                        + "WHERE s.session_hash = :hash AND s.expires_at > :now AND u.disabled_at IS NULL")
                .bind("hash", hash).bind("now", utc(now))
                .map((rs, ctx) -> new UserSession(rs.getString("session_hash"), user(rs), rs.getString("csrf_token"),
                        instant(rs, "session_created"), instant(rs, "expires_at")))
                .findOne());
    }

    /** Ends a session (logout); nothing happens when it has already ended. */
    public void closeSession(String sessionHash) {
        store.writeRecords(handle -> handle.createUpdate("DELETE FROM user_sessions WHERE session_hash = :hash")
                .bind("hash", sessionHash).execute());
    }

    /** Ends every session of a user (after a password change, for example), but the one to keep, if any. */
    public void closeSessionsOf(String userId, Optional<String> keepSessionHash) {
        store.writeRecords(handle -> handle.createUpdate(
                        "DELETE FROM user_sessions WHERE user_id = :user AND session_hash <> :keep")
                .bind("user", userId).bind("keep", keepSessionHash.orElse("")).execute());
    }

    /** Deletes the sessions that have ended; returns how many. */
    public int purgeExpiredSessions() {
        return store.writeRecords(handle -> handle.createUpdate("DELETE FROM user_sessions WHERE expires_at <= :now")
                .bind("now", utc(store.instantNow())).execute());
    }

    // ---- failed logins --------------------------------------------------------------------------

    public Failures failures(String email) {
        return store.read(handle -> failures(handle, normalEmail(email)));
    }

    /**
     * Counts one more failed login for the address; once {@code limit} failures follow each other
     * (within {@code window} of the previous one), the address is locked for {@code lockFor}.
     */
    public Failures recordFailure(String email, int limit, Duration window, Duration lockFor) {
        String normal = normalEmail(email);
        Instant now = store.instantNow();
        return store.writeRecords(handle -> {
            Optional<Instant> last = handle.createQuery("SELECT last_failure FROM login_failures WHERE email = :email")
                    .bind("email", normal).map((rs, ctx) -> instant(rs, "last_failure")).findOne();
            Failures before = failures(handle, normal);
            boolean fresh = last.isEmpty() || last.get().plus(window).isBefore(now) || before.lockedUntil().isPresent()
                    && !before.lockedAt(now);
            int count = fresh ? 1 : before.count() + 1;
            Optional<Instant> lockedUntil = count >= limit ? Optional.of(now.plus(lockFor)) : Optional.empty();
            handle.createUpdate("""
                            INSERT INTO login_failures (email, failures, last_failure, locked_until)
                            VALUES (:email, :count, :now, :locked)
                            ON CONFLICT (email) DO UPDATE SET failures = excluded.failures,
                              last_failure = excluded.last_failure, locked_until = excluded.locked_until""")
                    .bind("email", normal).bind("count", count).bind("now", utc(now))
                    .bind("locked", lockedUntil.map(ParcoursStore::utc).orElse(null)).execute();
            return new Failures(count, lockedUntil);
        });
    }

    /** Forgets the failed logins of an address: after a successful login, or when an admin unlocks it. */
    public void clearFailures(String email) {
        store.writeRecords(handle -> handle.createUpdate("DELETE FROM login_failures WHERE email = :email")
                .bind("email", normalEmail(email)).execute());
    }

    // ---- helpers --------------------------------------------------------------------------------

    private static Failures failures(Handle handle, String normal) {
        return handle.createQuery("SELECT failures, locked_until FROM login_failures WHERE email = :email")
                .bind("email", normal)
                .map((rs, ctx) -> new Failures(rs.getInt("failures"),
                        Optional.ofNullable(rs.getObject("locked_until", OffsetDateTime.class)).map(OffsetDateTime::toInstant)))
                .findOne().orElse(new Failures(0, Optional.empty()));
    }

    private static Optional<User> byEmail(Handle handle, String normal) {
        return handle.createQuery("SELECT " + USER_COLUMNS + " FROM users WHERE email = :email")
                .bind("email", normal).map((rs, ctx) -> user(rs)).findOne();
    }

    private static User requireIn(Handle handle, String id) {
        return handle.createQuery("SELECT " + USER_COLUMNS + " FROM users WHERE id = :id")
                .bind("id", id).map((rs, ctx) -> user(rs)).findOne()
                .orElseThrow(() -> ParcoursException.notFound("no user with id '" + id + "'"));
    }

    private static void requireAnotherAdmin(Handle handle, String id, String action) {
        int others = handle.createQuery(
                        "SELECT count(*) FROM users WHERE role = 'admin' AND disabled_at IS NULL AND id <> :id")
                .bind("id", id).mapTo(Integer.class).one();
        if (others == 0) {
            throw new ParcoursException(ErrorCode.CONFLICT, "cannot " + action
                    + " the last active admin: make another user admin first");
        }
    }

    private static User user(ResultSet rs) throws SQLException {
        return new User(rs.getString("id"), rs.getString("email"), rs.getString("name"),
                Role.fromId(rs.getString("role")).orElse(Role.VIEWER), Optional.ofNullable(rs.getString("language")),
                instant(rs, "created_at"),
                Optional.ofNullable(rs.getObject("disabled_at", OffsetDateTime.class)).map(OffsetDateTime::toInstant));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }
}
