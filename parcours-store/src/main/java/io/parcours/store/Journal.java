package io.parcours.store;

import io.parcours.model.Event;
import io.parcours.model.ParcoursException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * The write-ahead journal of accepted events: segment files in {@code journal/} of
 * the data folder, each record framed as {@code [length][CRC32C][payload]}. Appending a group of
 * records and forcing the file to disk is what makes an event durable; the database is fed from
 * the journal afterwards, in large batches.
 *
 * <p>After a crash the last record of the last segment may be torn: reading stops at the first
 * frame whose length or checksum does not hold, and that tail is cut off before new records are
 * written. Segments roll at {@link #SEGMENT_BYTES} and are named by the sequence number of their
 * first record; a segment whose records are all in the database is deleted. Not thread-safe: the
 * event log's writer thread appends, and reading happens at start or on the loader thread through
 * {@link #read}, which opens its own channels.
 *
 * <p><b>Segments written in place.</b> A new segment is, when it can be, a spare file of
 * {@link #SEGMENT_BYTES} zeros written and forced ahead of time by a thread of its own, renamed
 * into place; records then overwrite its zeros. Forcing records that only overwrite blocks the file
 * already has changes none of the file system's own records (the file's size, its blocks), so the
 * sync every sender waits for is the data alone: on ext4, a sync that makes a file longer must wait
 * for the file system's journal to commit, and that commit waits for whatever other threads are
 * doing to the disk meanwhile (as PostgreSQL does with its write-ahead log, for the same reason).
 * Reading stops at the zeros after the last record, as at the end of a file (a length of 0 is no
 * record). Without the room for a spare (see {@link #open(Path, RecordConsumer, long)}), or while it is still being
 * written, a segment starts as an empty file, as before.
 */
final class Journal implements AutoCloseable {
    static final long SEGMENT_BYTES = 64L * 1024 * 1024;
    private static final int MAX_RECORD_BYTES = 4 * 1024 * 1024;

    /** One journal record: an event with its sequence number, fingerprint and origin. */
    record Entry(long seq, long fingerprint, EventLog.Origin origin, Event event) {}

    /** The spare segment's file name (not a segment: segments end in {@code .log}). */
    static final String SPARE = "next-segment.spare";

    private final Path folder;
    /**
     * The least free space on the disk for a spare to be written: the database's reserve
     * ({@link DiskSpace}) and four segments more, so that a spare never takes the room the
     * database and the journal need.
     */
    private final long spareRoom;
    private FileChannel current;
    private long currentSize;
    /** Writes the spares, made at the first append (a command that only reads writes none); writer thread only. */
    private java.util.concurrent.ExecutorService spareWriter;
    private volatile boolean closed;
    /** The spare being written or written: true when ready to be used, false when it could not be made. */
    private java.util.concurrent.Future<Boolean> spare;

    private Journal(Path folder, long spareRoom) {
        this.folder = folder;
        this.spareRoom = spareRoom;
    }

    /** An intact record as read: its payload (the array may be longer) and its checksum. */
    interface RecordConsumer {
        void accept(byte[] payload, int length, int crc);
    }

    /** Opens the journal, cutting off a torn tail, and hands every intact record to {@code replay}, oldest first. */
    static Journal open(Path folder, RecordConsumer replay) throws IOException {
        Path dataFolder = folder.toAbsolutePath().getParent();
        return open(folder, replay, DiskSpace.reserve(dataFolder) + 4 * SEGMENT_BYTES);
    }

    /**
     * As {@link #open(Path, RecordConsumer)}, writing spares while the disk has {@code spareRoom}
     * bytes free. Every segment is cut to its intact records (the zeros a segment made from a spare
     * has after them, a torn tail), and a segment left without any is deleted, so that no record is
     * ever written after zeros or in a segment that a later one seems to follow.
     */
    static Journal open(Path folder, RecordConsumer replay, long spareRoom) throws IOException {
        Files.createDirectories(folder);
        // A spare left by a stop before it was used holds no record: records are written to a
        // spare only once its new name is forced to disk (see roll).
        Files.deleteIfExists(folder.resolve(SPARE));
        Journal journal = new Journal(folder, spareRoom);
        boolean changed = false;
        for (Path segment : journal.segments()) {
            long intact = read(segment, 0, replay);
            if (intact == 0) {
                Files.delete(segment);
                changed = true;
                continue;
            }
            try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
                if (channel.size() > intact) {
                    channel.truncate(intact);
                    channel.force(true);
                }
            }
        }
        if (changed) {
            journal.forceFolder();
        }
        return journal;
    }

    /** The segment files, oldest first. */
    List<Path> segments() throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(path -> path.getFileName().toString().endsWith(".log")).sorted().toList();
        }
    }

    static long firstSeqOf(Path segment) {
        String name = segment.getFileName().toString();
        return Long.parseLong(name.substring(0, name.length() - ".log".length()));
    }

    /**
     * Appends encoded records and forces them to disk: they are durable once this returns. Rolls to
     * a new segment when full. When the write or the force fails (a full disk, a file system turned
     * read-only), none of the records counts: they are cut off again, or, when even that fails, the
     * segment is left as it is and the next records go to a new one, so that no torn record ever
     * stands in front of acknowledged ones (reading a segment stops at its first torn record).
     */
    void appendDurably(long firstSeq, ByteBuffer records) throws IOException {
        if (current == null || currentSize >= SEGMENT_BYTES) {
            roll(firstSeq);
        }
        long before = currentSize;
        try {
            while (records.hasRemaining()) {
                currentSize += current.write(records, currentSize);
            }
            current.force(false);
        } catch (IOException e) {
            try {
                current.truncate(before);
                currentSize = before;
            } catch (IOException cut) {
                e.addSuppressed(cut);
                abandonSegment();
            }
            throw e;
        }
    }

    /** Leaves the current segment after a failed write that could not be cut off; the next append starts a new one. */
    private void abandonSegment() {
        try {
            current.close();
        } catch (IOException ignored) {
            // the segment is left behind either way
        }
        current = null;
        currentSize = 0;
    }

    private void roll(long firstSeq) throws IOException {
        if (current != null) {
            current.force(true);
            current.close();
            current = null;
        }
        Path segment = folder.resolve(String.format("%020d.log", firstSeq));
        boolean exists = Files.exists(segment);
        boolean fromSpare = false;
        if (spareReady() && !exists) {
            try {
                Files.move(folder.resolve(SPARE), segment, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                fromSpare = true;
            } catch (IOException e) {
                // Gone (deleted by hand?) or not movable: an empty segment, and another spare.
            }
            spare = null;
        }
        // A segment of that name already there (a start after a failed write) keeps its intact
        // records only: the next ones follow them, never zeros or a torn record.
        long intact = exists ? read(segment, 0, (payload, length, crc) -> { }) : 0;
        FileChannel channel = FileChannel.open(segment, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            if (exists && channel.size() > intact) {
                channel.truncate(intact);
            }
            // The segment's name must be on disk before any record is: a sync of records that only
            // overwrite a spare's zeros does not write the folder.
            forceFolderOrFail();
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        current = channel;
        currentSize = fromSpare ? 0 : intact;
        if (spare == null) {
            prepareSpare();
        }
    }

    /** Lets the spare go when the disk runs short of room: its 64 MB are the database's again. Writer thread. */
    void releaseSpare() {
        if (spareReady()) {
            try {
                Files.deleteIfExists(folder.resolve(SPARE));
                spare = null;
            } catch (IOException e) {
                // kept; the next start deletes it
            }
        }
    }

    /** Whether a spare is written and forced; forgets one that could not be made, so that the next roll asks again. */
    private boolean spareReady() {
        if (spare == null || !spare.isDone()) {
            return false;
        }
        try {
            if (spare.get()) {
                return true;
            }
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.CancellationException e) {
            // as if it could not be made
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        spare = null;
        return false;
    }

    /** Waits until the spare asked for is written or given up; true when it is ready. For tests. */
    boolean awaitSpare() throws Exception {
        return spare != null && spare.get(60, java.util.concurrent.TimeUnit.SECONDS);
    }

    /** Has the spare written in the background, unless the journal is closed. */
    private void prepareSpare() {
        if (closed) {
            return;
        }
        if (spareWriter == null) {
            spareWriter = java.util.concurrent.Executors.newSingleThreadExecutor(runnable -> {
                Thread thread = new Thread(runnable, "parcours-spare");
                thread.setDaemon(true);
                return thread;
            });
        }
        long room = spareRoom;
        spare = spareWriter.submit(() -> writeSpare(folder, room));
    }

    /**
     * Writes {@link #SEGMENT_BYTES} zeros to the spare and forces them; false, and no spare, when
     * the disk has less than {@code room} free or the write fails.
     */
    static boolean writeSpare(Path folder, long room) {
        Path file = folder.resolve(SPARE);
        try {
            if (Files.getFileStore(folder).getUsableSpace() < room) {
                return false;
            }
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer zeros = ByteBuffer.allocate(1 << 20);
                for (long at = 0; at < SEGMENT_BYTES; at += zeros.capacity()) {
                    zeros.clear();
                    while (zeros.hasRemaining()) {
                        channel.write(zeros);
                    }
                }
                channel.force(true);
            }
            return true;
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // the next start deletes it
            }
            return false;
        }
    }

    /** As {@link #forceFolder}, but a folder that opens and fails to be forced is an error. */
    private void forceFolderOrFail() throws IOException {
        FileChannel directory;
        try {
            directory = FileChannel.open(folder, StandardOpenOption.READ);
        } catch (IOException e) {
            // Not every file system lets a folder be opened; the records themselves are still forced.
            return;
        }
        try (directory) {
            directory.force(true);
        }
    }

    /** Makes the creation of a segment durable, so that its records cannot vanish with the folder entry. */
    private void forceFolder() {
        try {
            forceFolderOrFail();
        } catch (IOException e) {
            // The records themselves are still forced.
        }
    }

    /**
     * Closes the current segment, so that the next append starts a new one, and returns every
     * segment there is now: none of them will take another record. With the writer held off.
     */
    List<Path> closeSegment() throws IOException {
        if (current != null) {
            current.force(true);
            current.close();
            current = null;
            currentSize = 0;
        }
        return segments();
    }

    /** Deletes these segments, closed by {@link #closeSegment} and all of whose records are in the database. */
    void delete(List<Path> closed) throws IOException {
        for (Path segment : closed) {
            Files.deleteIfExists(segment);
        }
        forceFolder();
    }

    /** Deletes the segments all of whose records have a sequence number up to {@code loadedSeq}, except the current one. */
    void deleteLoaded(long loadedSeq) throws IOException {
        List<Path> segments = segments();
        for (int i = 0; i + 1 < segments.size(); i++) {
            if (firstSeqOf(segments.get(i + 1)) <= loadedSeq + 1) {
                Files.deleteIfExists(segments.get(i));
            }
        }
    }

    /**
     * Reads the intact records of a segment from byte {@code offset}, and returns the offset just
     * after the last intact one.
     */
    static long read(Path segment, long offset, Consumer<Entry> consumer) throws IOException {
        return read(segment, offset, (payload, length, crc) -> consumer.accept(decode(ByteBuffer.wrap(payload, 0, length))));
    }

    /** As {@link #read(Path, long, Consumer)}, handing each record as it is, undecoded. */
    static long read(Path segment, long offset, RecordConsumer consumer) throws IOException {
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.READ)) {
            long size = channel.size();
            long position = offset;
            ByteBuffer header = ByteBuffer.allocate(8);
            while (position + 8 <= size) {
                header.clear();
                channel.read(header, position);
                header.flip();
                int length = header.getInt();
                int crc = header.getInt();
                if (length <= 0 || length > MAX_RECORD_BYTES || position + 8 + length > size) {
                    break;
                }
                ByteBuffer payload = ByteBuffer.allocate(length);
                while (payload.hasRemaining()) {
                    if (channel.read(payload, position + 8 + payload.position()) < 0) {
                        break;
                    }
                }
                CRC32C check = new CRC32C();
                check.update(payload.array(), 0, length);
                if ((int) check.getValue() != crc) {
                    break;
                }
                consumer.accept(payload.array(), length, crc);
                position += 8 + length;
            }
            return position;
        }
    }

    /**
     * Stops writing spares and closes the current segment. The zeros after its last record stay
     * until the next start cuts them (cutting them here could race a writer that has not stopped).
     */
    @Override
    public void close() throws IOException {
        closed = true;
        java.util.concurrent.ExecutorService writer = spareWriter;
        if (writer != null) {
            writer.shutdownNow();
            try {
                writer.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Files.deleteIfExists(folder.resolve(SPARE));
        }
        if (current != null) {
            current.force(true);
            current.close();
            current = null;
        }
    }

    // ---- encoding -----------------------------------------------------------------------------

    /**
     * Refuses an event whose record would be longer than {@link #MAX_RECORD_BYTES}: reading the
     * journal back would take it for a torn record and cut it off, with every record after it. The
     * tracking API and JSON-lines imports already refuse messages over 32 KB; this guards the rest.
     */
    static void checkRecordSize(EventLog.Origin origin, Event event) {
        String[] texts = texts(origin, event);
        if (mostPayloadBytes(texts) <= MAX_RECORD_BYTES) {
            return;
        }
        long bytes = JournalRecords.FIXED_BYTES + 4L * texts.length;
        for (String text : texts) {
            bytes += text == null ? 0 : text.getBytes(StandardCharsets.UTF_8).length;
        }
        if (bytes > MAX_RECORD_BYTES) {
            throw ParcoursException.invalid("event", "message " + event.messageId() + " takes " + bytes
                    + " bytes once stored; one event may take at most " + MAX_RECORD_BYTES
                    + " (4 MB): send smaller properties, traits or context");
        }
    }

    /** The most bytes a payload of these texts can take: three bytes of UTF-8 per char at most. */
    private static long mostPayloadBytes(String[] texts) {
        long most = JournalRecords.FIXED_BYTES + 4L * texts.length;
        for (String text : texts) {
            most += text == null ? 0 : 3L * text.length();
        }
        return most;
    }

    /** The texts of a record, in the order of {@link JournalRecords#WORKSPACE} and the constants after it. */
    private static String[] texts(EventLog.Origin origin, Event event) {
        return new String[] {origin.workspace(), origin.source(), event.messageId(), event.name(),
            event.userId().orElse(null), event.anonymousId().orElse(null), event.properties(), event.traits(),
            event.context(), event.previousId().orElse(null), event.groupId().orElse(null)};
    }

    /** Encodes one entry as a framed record into {@code out}, growing it when needed; returns the buffer. */
    static ByteBuffer encode(Entry entry, ByteBuffer out) {
        return encode(entry.seq(), entry.fingerprint(), entry.origin(), entry.event(), out);
    }

    /**
     * Encodes one event as a framed record into {@code out}, growing it when needed; returns the
     * buffer. The layout is read back by {@link JournalRecords.Reader}: seq, fingerprint, type,
     * timestamp, receivedAt, then the texts in the order of {@link JournalRecords#WORKSPACE} and
     * the constants after it, each as its length (-1 when absent) and UTF-8 bytes.
     */
    static ByteBuffer encode(long seq, long fingerprint, EventLog.Origin origin, Event event, ByteBuffer out) {
        String[] texts = texts(origin, event);
        // Room enough for the record, written in place.
        out = room(out, JournalRecords.FRAME_BYTES + mostPayloadBytes(texts));
        int frame = out.position();
        out.position(frame + JournalRecords.FRAME_BYTES);
        out.putLong(seq);
        out.putLong(fingerprint);
        out.put((byte) event.type().ordinal());
        out.putLong(event.timestamp());
        out.putLong(event.receivedAt());
        for (String text : texts) {
            if (text == null) {
                out.putInt(-1);
            } else {
                byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
                out.putInt(utf8.length);
                out.put(utf8);
            }
        }
        int length = out.position() - frame - JournalRecords.FRAME_BYTES;
        CRC32C crc = new CRC32C();
        crc.update(out.array(), out.arrayOffset() + frame + JournalRecords.FRAME_BYTES, length);
        out.putInt(frame, length);
        out.putInt(frame + 4, (int) crc.getValue());
        return out;
    }

    /** Appends a record read back ({@link RecordConsumer}) to {@code out}, framed as written, growing it when needed. */
    static ByteBuffer appendFrame(byte[] payload, int length, int crc, ByteBuffer out) {
        out = room(out, JournalRecords.FRAME_BYTES + (long) length);
        out.putInt(length);
        out.putInt(crc);
        out.put(payload, 0, length);
        return out;
    }

    /** {@code out}, or a copy twice as big or more, with at least {@code bytes} to spare. */
    private static ByteBuffer room(ByteBuffer out, long bytes) {
        if (out.remaining() >= bytes) {
            return out;
        }
        ByteBuffer bigger = ByteBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 16,
                Math.max(2L * out.capacity(), out.position() + bytes)));
        out.flip();
        bigger.put(out);
        return bigger;
    }

    private static Entry decode(ByteBuffer payload) {
        JournalRecords.Reader record = new JournalRecords.Reader(payload.array(), 0, 0);
        record.payload(payload.arrayOffset() + payload.position());
        return new Entry(record.seq(), record.fingerprint(), new EventLog.Origin(record.text(JournalRecords.WORKSPACE),
                record.text(JournalRecords.SOURCE)), new Event(record.text(JournalRecords.MESSAGE_ID), record.type(),
                record.text(JournalRecords.NAME), Optional.ofNullable(record.text(JournalRecords.USER_ID)),
                Optional.ofNullable(record.text(JournalRecords.ANONYMOUS_ID)), record.timestamp(), record.receivedAt(),
                record.text(JournalRecords.PROPERTIES), record.text(JournalRecords.TRAITS),
                record.text(JournalRecords.CONTEXT), Optional.ofNullable(record.text(JournalRecords.PREVIOUS_ID)),
                Optional.ofNullable(record.text(JournalRecords.GROUP_ID))));
    }
}
