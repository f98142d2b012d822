package io.parcours.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a journal holds after writes that failed on a full or read-only disk, replayed at start: a
 * torn record left at the end of a segment the writer had to leave, and a record whose write failed
 * but stayed intact, followed by the same message sent again. Every whole record is loaded, each
 * message once.
 */
class JournalRecoveryTest {
    private static final EventLog.Origin WEB = new EventLog.Origin("akwaba", "web-shop");

    @TempDir
    Path data;

    private static Journal.Entry entry(long seq, long fingerprint, String messageId) {
        return new Journal.Entry(seq, fingerprint, WEB, EventLogTest.track(messageId, "u1", "Product Viewed", 1_000 + seq));
    }

    private static byte[] encoded(List<Journal.Entry> entries) {
        ByteBuffer buffer = ByteBuffer.allocate(1024);
        for (Journal.Entry entry : entries) {
            buffer = Journal.encode(entry, buffer);
        }
        buffer.flip();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    @Test
    void aTornSegmentLeftBehindAndARecordSentAgainReplayWholeAndOnce() throws Exception {
        try (ParcoursStore store = ParcoursStore.open(data)) {
            store.createWorkspace("akwaba", "Maison Akwaba", "");
            store.createSource("akwaba", "web-shop", "Web shop");
        }
        Path journal = data.resolve("journal");
        // A segment the writer left after a write it could not cut off: two whole records (the
        // second never acknowledged), then half of a third.
        byte[] first = encoded(List.of(entry(1, 101, "m1"), entry(2, 102, "m2")));
        byte[] torn = encoded(List.of(entry(3, 103, "m3")));
        byte[] left = new byte[first.length + torn.length / 2];
        System.arraycopy(first, 0, left, 0, first.length);
        System.arraycopy(torn, 0, left, first.length, torn.length / 2);
        Files.write(journal.resolve(String.format("%020d.log", 1)), left);
        // The next segment: m2 and m3 sent again (new sequence numbers), and a new message.
        Files.write(journal.resolve(String.format("%020d.log", 4)),
                encoded(List.of(entry(4, 102, "m2"), entry(5, 103, "m3"), entry(6, 106, "m6"))));

        try (ParcoursStore store = ParcoursStore.open(data)) {
            assertThat(store.events().size()).isEqualTo(4);
        }
        List<String> stored = new ArrayList<>();
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:" + data.resolve(ParcoursStore.DATABASE_FILE));
                ResultSet rows = db.createStatement().executeQuery("SELECT message_id FROM events ORDER BY seq")) {
            while (rows.next()) {
                stored.add(rows.getString(1));
            }
        }
        assertThat(stored).containsExactly("m1", "m2", "m3", "m6");
    }
}
