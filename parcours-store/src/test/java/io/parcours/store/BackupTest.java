package io.parcours.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.parcours.model.ErrorCode;
import io.parcours.model.Event;
import io.parcours.model.ParcoursException;
import io.parcours.model.Role;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A backup of an open store, restored into a new folder, against real DuckDB files. */
class BackupTest {
    private static final EventLog.Origin WEB = new EventLog.Origin("akwaba", "web-shop");

    @TempDir
    Path folder;

    private static List<Event> events(String prefix, int count) {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(EventLogTest.track(prefix + i, "customer-" + (i % 7), "Product Viewed", 1_000L + i));
        }
        return events;
    }

    /** Makes a store with a workspace, a source, a write key, a token and events, some loaded and some only journaled, and backs it up. */
    private record Made(BackupManifest manifest, String writeKey, String token) {}

    private Made backUp(Path data, Path archive) throws Exception {
        try (ParcoursStore store = ParcoursStore.open(data)) {
            store.createWorkspace("akwaba", "Maison Akwaba", "");
            store.createSource("akwaba", "web-shop", "Web shop");
            String writeKey = store.createWriteKey("akwaba", "web-shop").secret();
            String token = store.createToken("ops", Role.ADMIN).secret();
            store.events().append(WEB, events("loaded-", 100)).get(10, TimeUnit.SECONDS);
            store.events().awaitLoaded(10_000);
            // Loads held off by this thread: the next events are acknowledged but only in the journal
            // when the backup (on this same thread, so the lock lets it in) copies the database.
            BackupManifest manifest = store.events().whileNotLoading(() -> {
                store.events().append(WEB, events("journaled-", 50)).get(10, TimeUnit.SECONDS);
                try (OutputStream out = Files.newOutputStream(archive)) {
                    return Backup.write(store, out, Clock.systemUTC());
                }
            });
            assertThat(Files.exists(data.resolve(Backup.STAGING))).as("staging removed").isFalse();
            return new Made(manifest, writeKey, token);
        }
    }

    @Test
    void aBackupHoldsTheDatabaseAndTheJournalsUnloadedEventsAndRestoresThemOnce() throws Exception {
        Path archive = folder.resolve("backup.zip");
        Made made = backUp(folder.resolve("data"), archive);
        assertThat(made.manifest().tables()).containsEntry("event_rows", 100L).containsKey("write_keys");
        assertThat(made.manifest().journalEvents()).isEqualTo(50);
        assertThat(made.manifest().schemaVersion()).matches("\\d+");
        assertThat(BackupRestore.verify(archive)).isEqualTo(made.manifest());

        Path restored = folder.resolve("restored");
        BackupRestore.Restored result = BackupRestore.restore(archive, restored, false);
        assertThat(result.keptAside()).isEmpty();
        try (ParcoursStore store = ParcoursStore.open(restored)) {
            assertThat(store.events().size()).isEqualTo(150);
            assertThat(store.originOfWriteKey(made.writeKey())).contains(WEB);
            assertThat(store.findActiveToken(made.token())).isPresent();
            // A repeat of a journaled message is recognised in the restored folder.
            assertThat(store.events().append(WEB, events("journaled-", 1)).get(10, TimeUnit.SECONDS).duplicates()).isEqualTo(1);
        }
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:" + restored.resolve(ParcoursStore.DATABASE_FILE));
                ResultSet rows = db.createStatement().executeQuery(
                        "SELECT count(*), count(DISTINCT message_id), count(DISTINCT seq) FROM events")) {
            rows.next();
            assertThat(rows.getLong(1)).isEqualTo(150);
            assertThat(rows.getLong(2)).isEqualTo(150);
            assertThat(rows.getLong(3)).isEqualTo(150);
        }
    }

    /** A folder in use by a running server is refused too: see parcours-cli's BackupCommandTest, which runs one. */
    @Test
    void aRestoreRefusesAFolderThatIsNotEmptyAndWithForceKeepsWhatWasThere() throws Exception {
        Path archive = folder.resolve("backup.zip");
        backUp(folder.resolve("data"), archive);
        Path target = folder.resolve("target");
        Files.createDirectories(target);
        Files.writeString(target.resolve("notes.txt"), "mine");

        ParcoursException notEmpty = catchThrowableOfType(() -> BackupRestore.restore(archive, target, false),
                ParcoursException.class);
        assertThat(notEmpty.code()).isEqualTo(ErrorCode.CONFLICT);
        assertThat(notEmpty.getMessage()).contains("not empty", "--force");
        assertThat(Files.readString(target.resolve("notes.txt"))).isEqualTo("mine");

        BackupRestore.Restored replaced = BackupRestore.restore(archive, target, true);
        assertThat(replaced.keptAside()).isPresent();
        assertThat(Files.readString(replaced.keptAside().get().resolve("notes.txt"))).isEqualTo("mine");
        assertThat(Files.exists(target.resolve(ParcoursStore.DATABASE_FILE))).isTrue();
        assertThat(Files.exists(target.resolve("notes.txt"))).isFalse();
        try (var siblings = Files.list(folder)) {
            assertThat(siblings.map(path -> path.getFileName().toString())).noneMatch(name -> name.contains(".restoring-"));
        }
    }

    /** Where the middle of the database's compressed bytes lies in the archive. */
    private static int middleOfDatabase(Path archive, byte[] bytes) throws Exception {
        long compressed;
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(archive.toFile())) {
            compressed = zip.getEntry(ParcoursStore.DATABASE_FILE).getCompressedSize();
        }
        byte[] name = ParcoursStore.DATABASE_FILE.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.nio.ByteBuffer zip = java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int at = 0; at + 30 + name.length <= bytes.length; at++) {
            if (zip.getInt(at) == 0x04034b50 && zip.getShort(at + 26) == name.length
                    && java.util.Arrays.equals(bytes, at + 30, at + 30 + name.length, name, 0, name.length)) {
                return (int) (at + 30 + name.length + zip.getShort(at + 28) + compressed / 2);
            }
        }
        throw new AssertionError("no database entry in " + archive);
    }

    @Test
    void aDamagedCutOrNewerBackupIsRefusedAndNothingIsTouched() throws Exception {
        Path archive = folder.resolve("backup.zip");
        backUp(folder.resolve("data"), archive);
        byte[] bytes = Files.readAllBytes(archive);

        Path cut = folder.resolve("cut.zip");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Path flipped = folder.resolve("flipped.zip");
        byte[] damaged = bytes.clone();
        // In the middle of the database's compressed bytes: a byte of a header the restore does not read would go unnoticed.
        damaged[middleOfDatabase(archive, bytes)] ^= 0x5a;
        Files.write(flipped, damaged);
        Path notZip = folder.resolve("notes.zip");
        Files.writeString(notZip, "not a backup at all");
        Path newer = folder.resolve("newer.zip");
        Files.write(newer, withManifest(bytes, text -> text.replace("format=1", "format=2")));
        Path lying = folder.resolve("lying.zip");
        Files.write(lying, withManifest(bytes, text -> text.replace("table.event_rows=100", "table.event_rows=101")));

        Path target = folder.resolve("target");
        Files.createDirectories(target);
        for (Path bad : List.of(cut, flipped, notZip, newer, lying)) {
            ParcoursException refused = catchThrowableOfType(() -> BackupRestore.restore(bad, target, false),
                    ParcoursException.class);
            assertThat(refused).as(bad.toString()).isNotNull();
            assertThat(refused.code()).as(refused.getMessage()).isEqualTo(ErrorCode.INVALID_INPUT);
            assertThat(refused.getMessage()).contains(bad.toString()).doesNotContain("\n");
            try (var left = Files.list(folder)) {
                assertThat(left.map(path -> path.getFileName().toString())).noneMatch(name -> name.contains(".restoring-"));
            }
            try (var inTarget = Files.list(target)) {
                assertThat(inTarget).as("the target stays empty").isEmpty();
            }
        }
        assertThat(catchThrowableOfType(() -> BackupRestore.restore(newer, target, false), ParcoursException.class)
                .getMessage()).contains("newer Parcours");
        assertThat(catchThrowableOfType(() -> BackupRestore.restore(lying, target, false), ParcoursException.class)
                .getMessage()).contains("event_rows holds 100 rows where the manifest says 101");
        assertThat(catchThrowableOfType(() -> BackupRestore.restore(notZip, target, false), ParcoursException.class)
                .getMessage()).contains("not a zip file made by 'parcours backup'");
        assertThat(catchThrowableOfType(() -> BackupRestore.restore(folder.resolve("missing.zip"), target, false),
                ParcoursException.class).code()).isEqualTo(ErrorCode.NOT_FOUND);
    }

    /** The same archive with its manifest's text changed. */
    private static byte[] withManifest(byte[] archive, java.util.function.UnaryOperator<String> change) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(new java.io.ByteArrayInputStream(archive));
                ZipOutputStream zip = new ZipOutputStream(out)) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                byte[] content = in.readAllBytes();
                if (entry.getName().equals(BackupManifest.ENTRY)) {
                    String text = new String(content, StandardCharsets.UTF_8);
                    String changed = change.apply(text);
                    assertThat(changed).as("the change applies").isNotEqualTo(text);
                    content = changed.getBytes(StandardCharsets.UTF_8);
                }
                zip.putNextEntry(new ZipEntry(entry.getName()));
                zip.write(content);
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }
}
