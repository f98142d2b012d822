package io.parcours.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Segments made from spares written ahead of time: records overwrite the zeros, reading stops at
 * the zeros after the last one, and a start cuts every segment to its records (deleting those
 * without any), whether the journal was closed or the process died with it open. Spares are asked
 * for whatever the free space (room 0), so that the test does not depend on the disk.
 */
class JournalSpareTest {
    private static final EventLog.Origin WEB = new EventLog.Origin("akwaba", "web-shop");
    private static final Journal.RecordConsumer NOTHING = (payload, length, crc) -> { };

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

    private List<Long> seqs() throws Exception {
        List<Long> seqs = new ArrayList<>();
        for (Path segment : segments()) {
            Journal.read(segment, 0, entry -> seqs.add(entry.seq()));
        }
        return seqs;
    }

    private List<Path> segments() throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(path -> path.toString().endsWith(".log")).sorted().toList();
        }
    }

    private Path segment(long firstSeq) {
        return folder.resolve(String.format("%020d.log", firstSeq));
    }

    /** Opens the journal, has a spare made, and starts segment 1 from it with records 1 to 3. */
    private Journal journalWithASpareMadeSegment() throws Exception {
        Journal journal = Journal.open(folder, NOTHING, 0);
        journal.appendDurably(1, records(1, 1));
        // The first segment after a start is an empty file (the spare is asked for at the first append).
        assertThat(journal.awaitSpare()).isTrue();
        assertThat(folder.resolve(Journal.SPARE)).hasSize(Journal.SEGMENT_BYTES);
        journal.closeSegment();
        journal.appendDurably(2, records(2, 3));
        assertThat(segment(2)).hasSize(Journal.SEGMENT_BYTES);
        return journal;
    }

    @Test
    void aSegmentMadeFromTheSpareHoldsItsRecordsAndTheNextStartCutsItsZeros() throws Exception {
        try (Journal journal = journalWithASpareMadeSegment()) {
            journal.appendDurably(5, records(5, 2));
            assertThat(seqs()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
            assertThat(Journal.read(segment(2), 0, entry -> { })).isLessThan(4096);
            assertThat(journal.awaitSpare()).as("the next spare, on its way").isTrue();
        }
        assertThat(folder.resolve(Journal.SPARE)).doesNotExist();
        List<Long> replayed = new ArrayList<>();
        try (Journal reopened = Journal.open(folder, (payload, length, crc) -> replayed.add(JournalRecords.seqOf(payload)), 0)) {
            assertThat(replayed).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
            assertThat(Files.size(segment(2))).isEqualTo(Journal.read(segment(2), 0, entry -> { }));
            reopened.appendDurably(7, records(7, 1));
        }
        assertThat(seqs()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
    }

    @Test
    void afterAStopWithoutClosingEveryRecordIsReadAndTheNextOnesFollowThem() throws Exception {
        Journal died = journalWithASpareMadeSegment();
        assertThat(died.awaitSpare()).isTrue();
        // The process dies here: its segment keeps its zeros and a spare is left. A start finds both.
        List<Long> replayed = new ArrayList<>();
        try (Journal journal = Journal.open(folder, (payload, length, crc) -> replayed.add(JournalRecords.seqOf(payload)), 0)) {
            assertThat(replayed).containsExactly(1L, 2L, 3L, 4L);
            assertThat(folder.resolve(Journal.SPARE)).doesNotExist();
            journal.appendDurably(5, records(5, 2));
            assertThat(seqs()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        }
        died.close();
        assertThat(seqs()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    }

    @Test
    void aTornRecordBeforeTheZerosIsCutAndTheNextRecordsFollowTheWholeOnes() throws Exception {
        try (Journal journal = journalWithASpareMadeSegment()) {
            long end = Journal.read(segment(2), 0, entry -> { });
            // A crash in the middle of a write: a frame's header made it, its payload did not.
            try (FileChannel channel = FileChannel.open(segment(2), StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.allocate(8).putInt(300).putInt(12345).flip(), end);
                channel.force(true);
            }
        }
        try (Journal journal = Journal.open(folder, NOTHING, 0)) {
            journal.appendDurably(5, records(5, 2));
        }
        try (Journal journal = Journal.open(folder, NOTHING, 0)) {
            journal.appendDurably(7, records(7, 1));
        }
        assertThat(seqs()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
    }

    /**
     * A segment left with zeros and no record (its records' write failed), and an empty one after
     * it: both are deleted at start, so that the next records, which may take the first one's name,
     * start a segment of their own instead of following its zeros.
     */
    @Test
    void segmentsWithoutARecordAreDeletedAtStartAndTheirNamesTakenAfresh() throws Exception {
        try (Journal journal = Journal.open(folder, NOTHING, 0)) {
            journal.appendDurably(1, records(1, 3));
        }
        try (FileChannel zeros = FileChannel.open(segment(4), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            zeros.write(ByteBuffer.allocate(64 << 10));
        }
        Files.createFile(segment(9));
        try (Journal journal = Journal.open(folder, NOTHING, 0)) {
            assertThat(segments()).containsExactly(segment(1));
            journal.appendDurably(4, records(4, 2));
        }
        try (Journal journal = Journal.open(folder, NOTHING, 0)) {
            assertThat(seqs()).containsExactly(1L, 2L, 3L, 4L, 5L);
        }
    }

    @Test
    void noSpareIsWrittenWithoutRoomAndSegmentsStartEmptyAsBefore() throws Exception {
        try (Journal journal = Journal.open(folder, NOTHING, Long.MAX_VALUE)) {
            journal.appendDurably(1, records(1, 2));
            assertThat(journal.awaitSpare()).isFalse();
            journal.closeSegment();
            journal.appendDurably(3, records(3, 1));
            assertThat(Files.size(segment(3))).isEqualTo(Journal.read(segment(3), 0, entry -> { }));
            assertThat(folder.resolve(Journal.SPARE)).doesNotExist();
        }
        assertThat(seqs()).containsExactly(1L, 2L, 3L);
    }
}
