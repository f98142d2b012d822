package io.parcours.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parcours.model.Event;
import io.parcours.model.EventType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Journaled records as the loader reads them, from the bytes the writer journaled: every field as
 * it was sent, and groups cut where a load ends.
 */
class JournalRecordsTest {
    private static final EventLog.Origin WEB = new EventLog.Origin("akwaba", "web-shop");

    private static JournalRecords encoded(List<Journal.Entry> entries) {
        ByteBuffer buffer = ByteBuffer.allocate(16);
        for (Journal.Entry entry : entries) {
            buffer = Journal.encode(entry, buffer);
        }
        return new JournalRecords(buffer.array(), 0, buffer.position(), entries.size());
    }

    private static List<Journal.Entry> entries(long firstSeq, int count) {
        List<Journal.Entry> entries = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long seq = firstSeq + i;
            entries.add(new Journal.Entry(seq, 1000 + seq, WEB, EventLogTest.track("m" + seq, "u" + seq % 3, "Viewed", seq)));
        }
        return entries;
    }

    private static List<Long> seqs(JournalRecords records) {
        List<Long> seqs = new ArrayList<>();
        JournalRecords.Reader reader = records.reader();
        while (reader.next()) {
            seqs.add(reader.seq());
        }
        return seqs;
    }

    @Test
    void everyFieldReadsBackAsSentWithAbsentToldFromEmpty() {
        Event alias = new Event("émoji 😀 ✓", EventType.ALIAS, "", Optional.of("user-1"), Optional.empty(), 1_700_000_000_123L,
                1_700_000_000_456L, "{\"a\":\"line\\nbreak\"}", "{\"plan\":\"pro\"}", "{\"ip\":\"\"}", Optional.of("anon 7"),
                Optional.of("g 1"));
        Event page = new Event("p1", EventType.PAGE, "Accueil – été", Optional.empty(), Optional.of("anon\0nul"), 5, 6, "{}",
                "{}", "{}", Optional.empty(), Optional.empty());
        JournalRecords records = encoded(List.of(new Journal.Entry(41, -7, WEB, alias),
                new Journal.Entry(42, Long.MIN_VALUE, new EventLog.Origin("ws", "hotline"), page)));
        JournalRecords.Reader record = records.reader();

        assertThat(record.next()).isTrue();
        assertThat(record.seq()).isEqualTo(41);
        assertThat(record.fingerprint()).isEqualTo(-7);
        assertThat(record.type()).isEqualTo(EventType.ALIAS);
        assertThat(record.timestamp()).isEqualTo(1_700_000_000_123L);
        assertThat(record.receivedAt()).isEqualTo(1_700_000_000_456L);
        assertThat(record.text(JournalRecords.WORKSPACE)).isEqualTo("akwaba");
        assertThat(record.text(JournalRecords.SOURCE)).isEqualTo("web-shop");
        assertThat(record.text(JournalRecords.MESSAGE_ID)).isEqualTo("émoji 😀 ✓");
        assertThat(new String(record.utf8(JournalRecords.MESSAGE_ID), StandardCharsets.UTF_8)).isEqualTo("émoji 😀 ✓");
        assertThat(record.present(JournalRecords.NAME)).as("an empty name is there").isTrue();
        assertThat(record.text(JournalRecords.NAME)).isEmpty();
        assertThat(record.blank(JournalRecords.NAME)).isTrue();
        assertThat(record.text(JournalRecords.USER_ID)).isEqualTo("user-1");
        assertThat(record.present(JournalRecords.ANONYMOUS_ID)).isFalse();
        assertThat(record.text(JournalRecords.ANONYMOUS_ID)).isNull();
        assertThat(record.utf8(JournalRecords.ANONYMOUS_ID)).isNull();
        assertThat(record.text(JournalRecords.PROPERTIES)).isEqualTo("{\"a\":\"line\\nbreak\"}");
        assertThat(record.text(JournalRecords.TRAITS)).isEqualTo("{\"plan\":\"pro\"}");
        assertThat(record.text(JournalRecords.CONTEXT)).isEqualTo("{\"ip\":\"\"}");
        assertThat(record.text(JournalRecords.PREVIOUS_ID)).isEqualTo("anon 7");
        assertThat(record.text(JournalRecords.GROUP_ID)).isEqualTo("g 1");
        assertThat(record.sameText(JournalRecords.WORKSPACE, "akwaba".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(record.sameText(JournalRecords.WORKSPACE, "akwab".getBytes(StandardCharsets.UTF_8))).isFalse();

        assertThat(record.next()).isTrue();
        assertThat(record.seq()).isEqualTo(42);
        assertThat(record.fingerprint()).isEqualTo(Long.MIN_VALUE);
        assertThat(record.type()).isEqualTo(EventType.PAGE);
        assertThat(record.text(JournalRecords.WORKSPACE)).isEqualTo("ws");
        assertThat(record.sameText(JournalRecords.WORKSPACE, "akwaba".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(record.text(JournalRecords.NAME)).isEqualTo("Accueil – été");
        assertThat(record.blank(JournalRecords.NAME)).isFalse();
        assertThat(record.text(JournalRecords.USER_ID)).isNull();
        assertThat(record.text(JournalRecords.ANONYMOUS_ID)).isEqualTo("anon\0nul");
        assertThat(record.present(JournalRecords.PREVIOUS_ID)).isFalse();
        assertThat(record.next()).isFalse();
    }

    @Test
    void aGroupCutWhereALoadEndsKeepsEveryRecordOnceAndInOrder() {
        JournalRecords records = encoded(entries(1, 10));
        assertThat(seqs(records.first(4))).containsExactly(1L, 2L, 3L, 4L);
        assertThat(seqs(records.after(4))).containsExactly(5L, 6L, 7L, 8L, 9L, 10L);
        assertThat(records.after(4).count()).isEqualTo(6);
        assertThat(seqs(records.after(4).after(5))).containsExactly(10L);
        assertThatThrownBy(() -> records.first(10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> records.after(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aBatchKeepsWhatFitsALoadAndCarriesTheRest() {
        LoadBatch batch = new LoadBatch();
        batch.add(encoded(entries(1, 3)));
        batch.add(encoded(entries(4, 5)));
        assertThat(batch.cutAfter(8)).as("nothing beyond a batch that fits").isNull();
        JournalRecords carried = batch.cutAfter(5);
        assertThat(batch.size()).isEqualTo(5);
        List<Long> kept = new ArrayList<>();
        batch.blocks.forEach(block -> kept.addAll(seqs(block)));
        assertThat(kept).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(seqs(carried)).containsExactly(6L, 7L, 8L);

        LoadBatch whole = LoadBatch.of(encoded(entries(1, 3)));
        assertThat(whole.cutAfter(3)).isNull();
        assertThat(whole.size()).isEqualTo(3);
    }
}
