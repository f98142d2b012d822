package io.parcours.cli;

import io.parcours.io.imports.EventFileReader;
import io.parcours.io.imports.ImportItem;
import io.parcours.model.ErrorCode;
import io.parcours.model.Event;
import io.parcours.model.ParcoursException;
import io.parcours.store.EventLog;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.LongConsumer;

/**
 * Feeds the events of a file into the event log in batches, with a bounded number of batches in
 * flight, so that memory stays bounded whatever the file's size. Bad rows are counted and the
 * first ones kept, with their line numbers; they never stop the good ones.
 */
final class EventImporter {
    static final int BATCH = 5_000;
    private static final int IN_FLIGHT = 8;
    static final int REJECTIONS_KEPT = 20;

    /** What an import did. */
    record Summary(long read, long stored, long duplicates, long rejected, List<ImportItem.Rejected> firstRejections) {}

    private EventImporter() {}

    static Summary run(EventFileReader reader, EventLog log, EventLog.Origin origin, LongConsumer progress) {
        return run(reader, log, origin, io.parcours.io.segment.IpAddresses.TRUNCATE, progress);
    }

    /** Imports what {@code reader} gives, storing of each event's {@code context.ip} what {@code ipAddresses} says. */
    static Summary run(EventFileReader reader, EventLog log, EventLog.Origin origin,
            io.parcours.io.segment.IpAddresses ipAddresses, LongConsumer progress) {
        long read = 0;
        long stored = 0;
        long duplicates = 0;
        long rejected = 0;
        List<ImportItem.Rejected> firstRejections = new ArrayList<>();
        Deque<CompletableFuture<EventLog.Appended>> inFlight = new ArrayDeque<>();
        List<Event> batch = new ArrayList<>(BATCH);
        while (reader.hasNext()) {
            ImportItem item = reader.next();
            read++;
            if (item instanceof ImportItem.Rejected rejection) {
                rejected++;
                if (firstRejections.size() < REJECTIONS_KEPT) {
                    firstRejections.add(rejection);
                }
            } else if (item instanceof ImportItem.Accepted accepted) {
                batch.add(ipAddresses.apply(accepted.event()));
            }
            if (batch.size() == BATCH) {
                long[] counts = submit(log, origin, batch, inFlight);
                stored += counts[0];
                duplicates += counts[1];
                batch = new ArrayList<>(BATCH);
                progress.accept(reader.bytesRead());
            }
        }
        long[] counts = submit(log, origin, batch, inFlight);
        stored += counts[0];
        duplicates += counts[1];
        while (!inFlight.isEmpty()) {
            EventLog.Appended done = await(inFlight.poll());
            stored += done.stored();
            duplicates += done.duplicates();
        }
        progress.accept(reader.bytesRead());
        return new Summary(read, stored, duplicates, rejected, firstRejections);
    }

    /** Submits a batch, first waiting for the oldest when too many are in flight or the log is overloaded. */
    private static long[] submit(EventLog log, EventLog.Origin origin, List<Event> batch,
            Deque<CompletableFuture<EventLog.Appended>> inFlight) {
        long[] counts = new long[2];
        if (batch.isEmpty()) {
            return counts;
        }
        while (true) {
            if (inFlight.size() >= IN_FLIGHT) {
                EventLog.Appended done = await(inFlight.poll());
                counts[0] += done.stored();
                counts[1] += done.duplicates();
            }
            try {
                inFlight.add(log.append(origin, batch));
                return counts;
            } catch (ParcoursException e) {
                if (e.code() != ErrorCode.OVERLOADED || inFlight.isEmpty()) {
                    throw e;
                }
                EventLog.Appended done = await(inFlight.poll());
                counts[0] += done.stored();
                counts[1] += done.duplicates();
            }
        }
    }

    private static EventLog.Appended await(CompletableFuture<EventLog.Appended> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ParcoursException(ErrorCode.STORAGE, "the import was interrupted; importing again is safe");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ParcoursException parcours) {
                throw parcours;
            }
            throw new ParcoursException(ErrorCode.STORAGE, "storing events failed: " + e.getCause(), e.getCause());
        }
    }
}
