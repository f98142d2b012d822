package io.parcours.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Segments made from spares written ahead of time: records overwrite the zeros, reading stops at
 * the zeros after the last one, and the zeros are not kept past a stop, whether the journal was
 * closed or the process died with it open.
 */
class JournalSpareTest {
    private static final EventLog.Origin WEB = new EventLog.Origin("akwaba", "web-shop");

    @TempDir
    Path folder;

    private static ByteBuffer records(long firstSeq, int count) {
        ByteBuffer buffer = ByteBuffer.allocate(1024);
        for (long seq = firstSeq; seq < firstSeq + count; seq++) {
            buffer = Journal.encode(new Journal.Entry(seq, 1_000 + seq, WEB,
                    EventLogTest.track("m" + seq, "u1", "Product Viewed", seq)), buffer);
        }
        return buffer.flip();
    }

    private static List<Long> seqsIn(Path journal) throws Exception {
        List<Long> seqs = new ArrayList<>();
        try (Stream<Path> files = Files.list(journal)) {
            for (Path segment : files.filter(path -> path.toString().endsWith(".log")).sorted().toList()) {
                Journal.read(segment, 0, entry -> seqs.add(entry.seq()));
            }
        }
        return seqs;
    }

    @Test
    void aSegmentMadeFromTheSpareHoldsItsRecordsAndIsCutToThemWhenClosed() throws Exception {
        Path segment = folder.resolve(String.format("%020d.log", 1));
        try (Journal journal = Journal.open(folder, (payload, length, crc) -> { })) {
            assertThat(journal.awaitSpare()).isTrue();
            assertThat(folder.resolve(Journal.SPARE)).hasSize(Journal.SEGMENT_BYTES);
            ByteBuffer first = records(1, 3);
            int firstBytes = first.remaining();
            journal.appendDurably(1, first);
            // The spare became the segment, zeros after the records, and another spare is on its way.
            assertThat(segment).hasSize(Journal.SEGMENT_BYTES);
            journal.appendDurably(4, records(4, 2));
            assertThat(seqsIn(folder)).containsExactly(1L, 2L, 3L, 4L, 5L);
            assertThat(Journal.read(segment, 0, entry -> { })).isGreaterThan(firstBytes).isLessThan(4096);
            assertThat(journal.awaitSpare()).isTrue();
        }
        assertThat(Files.size(segment)).isLessThan(4096).isEqualTo(Journal.read(segment, 0, entry -> { }));
        assertThat(folder.resolve(Journal.SPARE)).doesNotExist();
        assertThat(seqsIn(folder)).containsExactly(1L, 2L, 3L, 4L, 5L);
    }

    @Test
    void afterAStopWithoutClosingEveryRecordIsReadAndTheNextOnesFollowThem() throws Exception {
        Journal died = Journal.open(folder, (payload, length, crc) -> { });
        assertThat(died.awaitSpare()).isTrue();
        died.appendDurably(1, records(1, 3));
        assertThat(died.awaitSpare()).isTrue();
        // The process dies here: the segment keeps its zeros and a spare is left. A start finds both.
        List<Long> replayed = new ArrayList<>();
        try (Journal journal = Journal.open(folder, (payload, length, crc) -> replayed.add(JournalRecords.seqOf(payload)))) {
            assertThat(replayed).containsExactly(1L, 2L, 3L);
            assertThat(Files.size(folder.resolve(String.format("%020d.log", 1))))
                    .isEqualTo(Journal.read(folder.resolve(String.format("%020d.log", 1)), 0, entry -> { }));
            journal.appendDurably(4, records(4, 2));
            assertThat(seqsIn(folder)).containsExactly(1L, 2L, 3L, 4L, 5L);
        }
        died.close();
        assertThat(seqsIn(folder)).containsExactly(1L, 2L, 3L, 4L, 5L);
    }
}
