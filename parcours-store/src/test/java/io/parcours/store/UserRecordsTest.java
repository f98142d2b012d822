package io.parcours.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parcours.model.ErrorCode;
import io.parcours.model.ParcoursException;
import io.parcours.model.Role;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Users, sessions and failed logins in a real DuckDB file, across a reopening of the store. */
class UserRecordsTest {
    @TempDir
    Path data;

    /** A clock the test moves. */
    static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-11-22T08:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void usersAreKeptWithTheirRoleAndFoundByAnyCaseOfTheirAddress() {
        String id;
        try (ParcoursStore store = ParcoursStore.open(data)) {
            User admin = store.users().create(" Awa@Example.com ", "Awa Diallo", Role.ADMIN, "$argon2id$hash");
            id = admin.id();
            assertThat(admin.email()).isEqualTo("awa@example.com");
            assertThatThrownBy(() -> store.users().create("AWA@example.com", "Other", Role.VIEWER, "x"))
                    .isInstanceOf(ParcoursException.class).hasMessageContaining("exists already")
                    .extracting(e -> ((ParcoursException) e).code()).isEqualTo(ErrorCode.CONFLICT);
        }
        try (ParcoursStore store = ParcoursStore.open(data)) {
            assertThat(store.users().count()).isEqualTo(1);
            UserRecords.Credentials credentials = store.users().credentials("awa@EXAMPLE.com").orElseThrow();
            assertThat(credentials.user().id()).isEqualTo(id);
            assertThat(credentials.user().role()).isEqualTo(Role.ADMIN);
            assertThat(credentials.passwordHash()).isEqualTo("$argon2id$hash");
        }
    }

    @Test
    void theLastActiveAdminCanNeitherBeDemotedNorDisabled() {
        try (ParcoursStore store = ParcoursStore.open(data)) {
            User admin = store.users().create("admin@example.com", "Admin", Role.ADMIN, "h");
            User editor = store.users().create("editor@example.com", "Editor", Role.EDITOR, "h");
            assertThatThrownBy(() -> store.users().update(admin.id(), "Admin", Role.VIEWER, Optional.empty()))
                    .hasMessageContaining("last active admin");
            assertThatThrownBy(() -> store.users().setDisabled(admin.id(), true)).hasMessageContaining("last active admin");

            store.users().update(editor.id(), "Editor", Role.ADMIN, Optional.of("fr"));
            store.users().update(admin.id(), "Admin", Role.VIEWER, Optional.empty());
            assertThat(store.users().require(admin.id()).role()).isEqualTo(Role.VIEWER);
            assertThat(store.users().require(editor.id()).language()).contains("fr");
        }
    }

    @Test
    void aSessionOpensWithItsSecretOnlyUntilItExpiresOrItsUserIsDisabled() {
        MovableClock clock = new MovableClock();
        try (ParcoursStore store = ParcoursStore.open(data, clock)) {
            store.users().create("admin@example.com", "Admin", Role.ADMIN, "h");
            User viewer = store.users().create("viewer@example.com", "Viewer", Role.VIEWER, "h");
            UserRecords.OpenedSession opened = store.users().openSession(viewer, Duration.ofHours(12));

            UserSession found = store.users().session(opened.secret()).orElseThrow();
            assertThat(found.user().email()).isEqualTo("viewer@example.com");
            assertThat(found.csrfToken()).isEqualTo(opened.session().csrfToken()).hasSizeGreaterThan(40);
            assertThat(found.sessionHash()).isNotEqualTo(opened.secret());
            assertThat(store.users().session(opened.secret() + "x")).isEmpty();

            clock.now = clock.now.plus(Duration.ofHours(13));
            assertThat(store.users().session(opened.secret())).isEmpty();
            assertThat(store.users().purgeExpiredSessions()).isEqualTo(1);

            UserRecords.OpenedSession again = store.users().openSession(viewer, Duration.ofHours(12));
            store.users().setDisabled(viewer.id(), true);
            assertThat(store.users().session(again.secret())).isEmpty();
            assertThat(store.users().credentials("viewer@example.com")).isEmpty();
        }
    }

    @Test
    void repeatedFailuresLockAnAddressForAWhileWhetherOrNotItExists() {
        MovableClock clock = new MovableClock();
        try (ParcoursStore store = ParcoursStore.open(data, clock)) {
            for (int i = 1; i <= 4; i++) {
                UserRecords.Failures failures = store.users().recordFailure("Nobody@example.com", 5,
                        Duration.ofMinutes(15), Duration.ofMinutes(15));
                assertThat(failures.count()).isEqualTo(i);
                assertThat(failures.lockedAt(clock.now)).isFalse();
            }
            UserRecords.Failures fifth = store.users().recordFailure("nobody@example.com", 5, Duration.ofMinutes(15),
                    Duration.ofMinutes(15));
            assertThat(fifth.lockedAt(clock.now)).isTrue();
            assertThat(store.users().failures("NOBODY@example.com").lockedAt(clock.now)).isTrue();

            clock.now = clock.now.plus(Duration.ofMinutes(16));
            assertThat(store.users().failures("nobody@example.com").lockedAt(clock.now)).isFalse();
            assertThat(store.users().recordFailure("nobody@example.com", 5, Duration.ofMinutes(15),
                    Duration.ofMinutes(15)).count()).as("a new series after the lock").isEqualTo(1);
            store.users().clearFailures("nobody@example.com");
            assertThat(store.users().failures("nobody@example.com").count()).isZero();
        }
    }

    @Test
    void personalTokensBelongToTheirUser() {
        try (ParcoursStore store = ParcoursStore.open(data)) {
            User editor = store.users().create("editor@example.com", "Editor", Role.EDITOR, "h");
            CreatedToken personal = store.createToken("laptop", Role.EDITOR, Optional.of(editor.id()));
            store.createToken("ci", Role.ADMIN);
            assertThat(store.findActiveToken(personal.secret()).orElseThrow().userId()).contains(editor.id());
            assertThat(store.tokensOf(editor.id())).extracting(ApiToken::name).containsExactly("laptop");
        }
    }
}
