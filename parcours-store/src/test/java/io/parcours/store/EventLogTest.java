package io.parcours.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.parcours.model.ErrorCode;
import io.parcours.model.Event;
import io.parcours.model.EventType;
import io.parcours.model.ParcoursException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The event log against a real DuckDB file: durable, exactly once per source and message id. */
class EventLogTest {
    @TempDir
    Path data;

    static Event track(String messageId, String user, String name, long time) {
        return new Event(messageId, EventType.TRACK, name, Optional.of(user), Optional.empty(), time, time + 5,
                "{\"sku\":\"d-1\"}", "{}", "{}", Optional.empty(), Optional.empty());
    }

    private static ParcoursStore storeWithSource(Path data) {
        ParcoursStore store = ParcoursStore.open(data);
        if (store.workspace("akwaba").isEmpty()) {
            store.createWorkspace("akwaba", "Maison Akwaba", "");
            store.createSource("akwaba", "web-shop", "Web shop");
            store.createSource("akwaba", "app", "App");
        }
        return store;
    }

    @Test
    void eventsAreStoredOncePerSourceAndMessageIdAcrossRestarts() throws Exception {
        EventLog.Origin web = new EventLog.Origin("akwaba", "web-shop");
        EventLog.Origin app = new EventLog.Origin("akwaba", "app");
        try (ParcoursStore store = storeWithSource(data)) {
            EventLog.Appended first = store.events().append(web, List.of(track("m1", "u1", "Product Viewed", 1000),
                    track("m2", "u1", "Order Completed", 2000), track("m1", "u1", "Product Viewed", 1000)))
                    .get(10, TimeUnit.SECONDS);
            assertThat(first).isEqualTo(new EventLog.Appended(2, 1));
            EventLog.Appended otherSource = store.events().append(app, List.of(track("m1", "u1", "Opened", 3000)))
                    .get(10, TimeUnit.SECONDS);
            assertThat(otherSource).isEqualTo(new EventLog.Appended(1, 0));
            assertThat(store.events().size()).isEqualTo(3);
        }
        try (ParcoursStore reopened = storeWithSource(data)) {
            assertThat(reopened.events().size()).isEqualTo(3);
            EventLog.Appended again = reopened.events().append(web, List.of(track("m2", "u1", "Order Completed", 2000),
                    track("m3", "u2", "Cart Viewed", 4000))).get(10, TimeUnit.SECONDS);
            assertThat(again).isEqualTo(new EventLog.Appended(1, 1));
            assertThat(reopened.events().size()).isEqualTo(4);
        }
    }

    /**
     * The state a kill leaves between the journal's fsync and the database load: the database of
     * before, the journal of after. Opening loads the journaled events; the loads that follow, on
     * the loader's thread, go through at once (they failed once and waited a second for a retry,
     * when the appender that loaded the journal at start, tied to the opening thread, was kept).
     */
    @Test
    void eventsJournaledBeforeAKillAreLoadedAtOpenAndLaterLoadsGoThroughAtOnce() throws Exception {
        EventLog.Origin web = new EventLog.Origin("akwaba", "web-shop");
        Path running = data.resolve("running");
        Path crashed = copiedBeforeEvents(running, data.resolve("crashed"));
        try (ParcoursStore store = storeWithSource(running)) {
            store.events().append(web, List.of(track("m1", "u1", "Product Viewed", 1000), track("m2", "u2", "Cart Viewed",
                    2000))).get(10, TimeUnit.SECONDS);
        }
        copyFolder(running.resolve("journal"), crashed.resolve("journal"));

        try (ParcoursStore store = storeWithSource(crashed)) {
            assertThat(store.events().size()).isEqualTo(2);
            for (int i = 3; i <= 5; i++) {
                assertThat(store.events().append(web, List.of(track("m" + i, "u" + i, "Order Completed", i * 1000L)))
                        .get(10, TimeUnit.SECONDS).stored()).isEqualTo(1);
                store.events().awaitLoaded(900);
            }
            assertThat(store.events().append(web, List.of(track("m2", "u2", "Cart Viewed", 2000)))
                    .get(10, TimeUnit.SECONDS).duplicates()).as("a journaled event sent again").isEqualTo(1);
            assertThat(store.searchEvents("akwaba", Optional.empty(), Optional.empty(), 10)).extracting(e -> e.event().messageId())
                    .containsExactlyInAnyOrder("m1", "m2", "m3", "m4", "m5");
        }
    }

    /**
     * A request larger than a row group is journaled as one group and loaded over several loads;
     * a journal holding more than a row group of events not yet in the database is loaded at the
     * start a row group at a time: every event once, with its fields.
     */
    @Test
    void groupsAndJournalsLargerThanARowGroupAreLoadedWholeAndOnce() throws Exception {
        EventLog.Origin web = new EventLog.Origin("akwaba", "web-shop");
        Path running = data.resolve("running");
        Path crashed = copiedBeforeEvents(running, data.resolve("crashed"));
        int count = 2 * EventLog.MAX_LOAD_BATCH + 7;
        List<Event> many = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            many.add(track("big" + i, "u" + i % 1_000, "Viewed " + i % 3, i));
        }
        try (ParcoursStore store = storeWithSource(running)) {
            assertThat(store.events().append(web, many).get(60, TimeUnit.SECONDS).stored()).isEqualTo(count);
            store.events().awaitLoaded(60_000);
            // Three loads; the last is counted just after the read that waited for it may go on.
            assertThat(loads(store)).as("loads of one group of %,d events, a row group at most each", count)
                    .isGreaterThanOrEqualTo(2);
            assertStoredOnceInOrder(store, many);
        }
        copyFolder(running.resolve("journal"), crashed.resolve("journal"));
        try (ParcoursStore store = storeWithSource(crashed)) {
            assertThat(store.events().size()).isEqualTo(count);
            assertStoredOnceInOrder(store, many);
        }
    }

    /**
     * An event whose journal record would pass the journal's 4 MB bound is refused with a message
     * (reading the journal back would take it for a torn record); one just under it is stored, and
     * read back whole after a restart.
     */
    @Test
    void anEventTooLargeForTheJournalIsRefusedAndOneJustUnderItIsKept() throws Exception {
        EventLog.Origin web = new EventLog.Origin("akwaba", "web-shop");
        Event large = new Event("large", EventType.TRACK, "Viewed", Optional.of("u1"), Optional.empty(), 1, 2,
                "{\"blob\":\"" + "é".repeat(2_096_000) + "\"}", "{}", "{}", Optional.empty(), Optional.empty());
        Event tooLarge = new Event("too-large", EventType.TRACK, "Viewed", Optional.of("u1"), Optional.empty(), 1, 2,
                "{\"blob\":\"" + "é".repeat(2_098_000) + "\"}", "{}", "{}", Optional.empty(), Optional.empty());
        try (ParcoursStore store = storeWithSource(data)) {
            assertThatThrownBy(() -> store.events().append(web, List.of(track("m1", "u1", "Viewed", 1), tooLarge)))
                    .isInstanceOf(ParcoursException.class)
                    .hasMessageContaining("message too-large takes 4196123 bytes once stored")
                    .hasMessageContaining("at most 4194304 (4 MB)");
            assertThat(store.events().size()).as("nothing of the refused request").isZero();
            assertThat(store.events().append(web, List.of(large)).get(10, TimeUnit.SECONDS).stored()).isEqualTo(1);
        }
        try (ParcoursStore store = storeWithSource(data)) {
            List<StoredEvent> stored = new ArrayList<>();
            store.forEachEvent("akwaba", stored::add);
            assertThat(stored).extracting(StoredEvent::event).containsExactly(large);
        }
    }

    private static void assertStoredOnceInOrder(ParcoursStore store, List<Event> sent) {
        List<StoredEvent> stored = new ArrayList<>();
        store.forEachEvent("akwaba", stored::add);
        assertThat(stored).hasSize(sent.size());
        for (int i = 0; i < sent.size(); i++) {
            if (!stored.get(i).event().equals(sent.get(i))) {
                assertThat(stored.get(i).event()).as("event %d", i).isEqualTo(sent.get(i));
            }
        }
    }

    /** A data folder with a source and no events yet at {@code running}, and a copy of it at {@code crashed}; the copy. */
    private static Path copiedBeforeEvents(Path running, Path crashed) throws java.io.IOException {
        storeWithSource(running).close();
        copyFolder(running, crashed);
        return crashed;
    }

    private static void copyFolder(Path from, Path to) throws java.io.IOException {
        try (var paths = java.nio.file.Files.walk(from)) {
            for (Path path : paths.toList()) {
                java.nio.file.Files.copy(path, to.resolve(from.relativize(path).toString()),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    @Test
    void manyConcurrentRequestsShareCommitsAndAllArrive() throws Exception {
        try (ParcoursStore store = storeWithSource(data)) {
            List<CompletableFuture<EventLog.Appended>> futures = new ArrayList<>();
            for (int request = 0; request < 2_000; request++) {
                List<Event> events = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    events.add(track("r" + request + "-" + i, "user-" + (request % 97), "Clicked", request * 10L + i));
                }
                futures.add(store.events().append(new EventLog.Origin("akwaba", "web-shop"), events));
            }
            int stored = 0;
            for (CompletableFuture<EventLog.Appended> future : futures) {
                stored += future.get(60, TimeUnit.SECONDS).stored();
            }
            assertThat(stored).isEqualTo(20_000);
            assertThat(store.events().size()).isEqualTo(20_000);
        }
    }

    @Test
    void aSteadyFlowIsLoadedAtMostOnceAPacedIntervalAndAWaitingReadSeesAllOfIt() throws Exception {
        try (ParcoursStore store = storeWithSource(data)) {
            EventLog.Origin web = new EventLog.Origin("akwaba", "web-shop");
            long loadsBefore = loads(store);
            long started = System.nanoTime();
            List<CompletableFuture<EventLog.Appended>> acknowledged = new ArrayList<>();
            // A request every 5 ms or so: loaded one by one, each would be a load (and a commit in DuckDB).
            for (int i = 0; i < 60; i++) {
                acknowledged.add(store.events().append(web, List.of(track("m" + i, "u" + i % 7, "Viewed", i))));
                Thread.sleep(5);
            }
            for (CompletableFuture<EventLog.Appended> ack : acknowledged) {
                ack.get(30, TimeUnit.SECONDS);
            }
            store.events().awaitLoaded(30_000);
            long intervals = (System.nanoTime() - started) / Math.max(1, store.events().loadInterval().toNanos());
            assertThat(store.events().size()).isEqualTo(60);
            assertThat(store.searchEvents("akwaba", Optional.empty(), Optional.empty(), 100)).hasSize(60);
            assertThat(loads(store) - loadsBefore).as("loads in %d intervals of the loader's pace", intervals)
                    .isBetween(1L, intervals + 2);
        }
    }

    /**
     * Requests sent a few milliseconds apart within the group-commit wait are written and forced
     * to disk together: one sync for all of them, each acknowledged and stored once.
     */
    @Test
    void requestsArrivingWithinTheGroupCommitWaitShareOneSync() throws Exception {
        EventLog.Origin web = new EventLog.Origin("akwaba", "web-shop");
        System.setProperty("parcours.groupCommitWaitMicros", "200000");
        try (ParcoursStore store = storeWithSource(data)) {
            assertThat(store.events().groupCommitWait()).isEqualTo(java.time.Duration.ofMillis(200));
            long syncsBefore = syncs(store.events());
            List<CompletableFuture<EventLog.Appended>> sent = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                sent.add(store.events().append(web, List.of(track("g" + i, "u" + i, "Product Viewed", 1000 + i))));
                Thread.sleep(2);
            }
            for (CompletableFuture<EventLog.Appended> answer : sent) {
                assertThat(answer.get(10, TimeUnit.SECONDS)).isEqualTo(new EventLog.Appended(1, 0));
            }
            // Ten requests sent over about 20 ms, well within the 200 ms wait: one group, or two if
            // the machine stalled the sender past the wait.
            assertThat(syncs(store.events()) - syncsBefore).as("syncs for 10 requests").isBetween(1L, 2L);
            assertThat(store.events().size()).isEqualTo(10);
        } finally {
            System.clearProperty("parcours.groupCommitWaitMicros");
        }
    }

    /** A group that holds enough events is written at once, without waiting out the group-commit wait. */
    @Test
    void aLargeGroupIsWrittenWithoutWaiting() throws Exception {
        EventLog.Origin web = new EventLog.Origin("akwaba", "web-shop");
        System.setProperty("parcours.groupCommitWaitMicros", "1000000");
        try (ParcoursStore store = storeWithSource(data)) {
            List<Event> many = new ArrayList<>();
            for (int i = 0; i < EventLog.GROUP_COMMIT_EVENTS; i++) {
                many.add(track("l" + i, "u" + (i % 50), "Product Viewed", 1000 + i));
            }
            long sent = System.nanoTime();
            assertThat(store.events().append(web, many).get(10, TimeUnit.SECONDS))
                    .isEqualTo(new EventLog.Appended(EventLog.GROUP_COMMIT_EVENTS, 0));
            // The wait is a second; the group was full at once, so it was written at once.
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent)).as("ms to acknowledge").isLessThan(900);
        } finally {
            System.clearProperty("parcours.groupCommitWaitMicros");
        }
    }

    private static long syncs(EventLog events) {
        long[] counts = events.journalSyncs().cumulativeCounts();
        return counts[counts.length - 1];
    }

    /**
     * Events that come fast enough to fill DuckDB's row groups are loaded a whole row group at a
     * time, which DuckDB writes straight to its file: its log grows by a fraction of what loading
     * them as they come writes to it (every event, uncompressed).
     */
    @Test
    void aFastFlowIsLoadedInWholeRowGroupsThatDuckDbWritesStraightToItsFile() throws Exception {
        int events = 5 * EventLog.DUCKDB_ROW_GROUP / 2;
        Flow inRowGroups = fastFlow(data.resolve("row-groups"), events);
        System.setProperty("parcours.rowGroupWaitMillis", "0");
        Flow asTheyCome;
        try {
            asTheyCome = fastFlow(data.resolve("as-they-come"), events);
        } finally {
            System.clearProperty("parcours.rowGroupWaitMillis");
        }
        assertThat(inRowGroups.loads()).as("loads of %,d events in whole row groups", events).isLessThanOrEqualTo(6);
        assertThat(inRowGroups.walBytes()).as("DuckDB's log after loading %,d events in row groups, against %,d bytes "
                + "loading them as they came", events, asTheyCome.walBytes()).isLessThan(asTheyCome.walBytes() / 2);
    }

    /**
     * What a flow of 100,000 events a second (1,000 every 10 ms) cost the database: its loads, and
     * the bytes in DuckDB's log once all are loaded.
     */
    private record Flow(long loads, long walBytes) {}

    private static Flow fastFlow(Path folder, int events) throws Exception {
        try (ParcoursStore store = storeWithSource(folder)) {
            EventLog.Origin web = new EventLog.Origin("akwaba", "web-shop");
            long loadsBefore = loads(store);
            List<CompletableFuture<EventLog.Appended>> acknowledged = new ArrayList<>();
            long start = System.nanoTime();
            for (int from = 0; from < events; from += 1_000) {
                long due = start + TimeUnit.MILLISECONDS.toNanos(from / 100);
                for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                    java.util.concurrent.locks.LockSupport.parkNanos(wait);
                }
                List<Event> request = new ArrayList<>();
                for (int i = from; i < Math.min(events, from + 1_000); i++) {
                    request.add(track("f" + i, "u" + i % 5_000, "Viewed", i));
                }
                acknowledged.add(store.events().append(web, request));
            }
            for (CompletableFuture<EventLog.Appended> ack : acknowledged) {
                ack.get(60, TimeUnit.SECONDS);
            }
            store.events().awaitLoaded(60_000);
            assertThat(store.events().size()).isEqualTo(events);
            return new Flow(loads(store) - loadsBefore, Files.size(folder.resolve("parcours.duckdb.wal")));
        }
    }

    private static long loads(ParcoursStore store) {
        long[] counts = store.events().loads().cumulativeCounts();
        return counts[counts.length - 1];
    }

    @Test
    void everyAcknowledgedEventIsVisibleToTheNextRead() {
        try (ParcoursStore store = storeWithSource(data)) {
            EventLog.Origin web = new EventLog.Origin("akwaba", "web-shop");
            for (int i = 0; i < 40; i++) {
                store.events().append(web, List.of(track("m" + i, "u" + i, "Viewed " + i, i))).join();
                assertThat(store.searchEvents("akwaba", Optional.empty(), Optional.empty(), 100))
                        .as("events readable after %d acknowledged", i + 1).hasSize(i + 1);
            }
        }
    }

    @Test
    void deletingAWorkspaceForgetsItsEvents() throws Exception {
        try (ParcoursStore store = storeWithSource(data)) {
            store.events().append(new EventLog.Origin("akwaba", "web-shop"), List.of(track("m1", "u", "x", 1)))
                    .get(10, TimeUnit.SECONDS);
            store.deleteWorkspace("akwaba");
            assertThat(store.events().size()).isZero();
            store.createWorkspace("akwaba", "Again", "");
            store.createSource("akwaba", "web-shop", "Web shop");
            assertThat(store.events().append(new EventLog.Origin("akwaba", "web-shop"), List.of(track("m1", "u", "x", 1)))
                    .get(10, TimeUnit.SECONDS).stored()).isEqualTo(1);
        }
    }

    @Test
    void writeKeysFindTheirSourceUntilRevoked() {
        try (ParcoursStore store = storeWithSource(data)) {
            CreatedWriteKey key = store.createWriteKey("akwaba", "web-shop");
            assertThat(key.secret()).startsWith("pwk_");
            assertThat(store.originOfWriteKey(key.secret())).contains(new EventLog.Origin("akwaba", "web-shop"));
            assertThat(store.originOfWriteKey("pwk_nope")).isEmpty();
            store.revokeWriteKey(key.key().id());
            assertThat(store.originOfWriteKey(key.secret())).isEmpty();
            ParcoursException noSource = catchThrowableOfType(ParcoursException.class,
                    () -> store.createWriteKey("akwaba", "web-shp"));
            assertThat(noSource.code()).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(noSource.getMessage()).contains("did you mean 'web-shop'?");
        }
    }

    @Test
    void loadsKeepEveryCharacterAndTellNullFromEmpty() throws Exception {
        String[] awkward = {"plain", "a,comma", "a \"quote\" and \"\"", "line\nbreak\r\nand CR", "émoji 😀 ✓", "", " spaced ",
            "trailing\\"};
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 2_500; i++) {
            String text = awkward[i % awkward.length];
            EventType type = i % 3 == 0 ? EventType.PAGE : EventType.TRACK;
            String name = type == EventType.PAGE ? text : "Viewed " + text;
            events.add(new Event("m" + i + text, type, name, i % 2 == 0 ? Optional.of("user " + text) : Optional.empty(),
                    Optional.of("anon" + i % 7), 1_000L + i, 2_000L + i, "{\"note\":\"" + text.replace("\\", "\\\\")
                    .replace("\"", "\\\"").replace("\n", "\\n").replace("\r", "\\r") + "\"}", "{}", "{\"c\":1}",
                    Optional.empty(), i % 5 == 0 ? Optional.of("group, " + text) : Optional.empty()));
        }
        List<Event> withNul = List.of(new Event("nul", EventType.TRACK, "x", Optional.of("a\0b"), Optional.empty(), 5, 5,
                "{}", "{}", "{}", Optional.empty(), Optional.empty()));
        try (ParcoursStore store = storeWithSource(data)) {
            EventLog.Origin web = new EventLog.Origin("akwaba", "web-shop");
            assertThat(store.events().append(web, events).get(10, TimeUnit.SECONDS).stored()).isEqualTo(events.size());
            List<Event> bigWithNul = new ArrayList<>(withNul);
            for (int i = 0; i < 2_000; i++) {
                bigWithNul.add(track("n" + i, "u", "y", i));
            }
            assertThat(store.events().append(web, bigWithNul).get(10, TimeUnit.SECONDS).stored()).isEqualTo(bigWithNul.size());
        }
        try (ParcoursStore store = storeWithSource(data)) {
            List<StoredEvent> stored = new ArrayList<>();
            store.forEachEvent("akwaba", stored::add);
            assertThat(stored).hasSize(events.size() + 2_000 + 1);
            for (int i = 0; i < events.size(); i++) {
                assertThat(stored.get(i).event()).as("event %d", i).isEqualTo(events.get(i));
            }
            assertThat(stored.get(events.size()).event()).isEqualTo(withNul.get(0));
        }
    }
}
