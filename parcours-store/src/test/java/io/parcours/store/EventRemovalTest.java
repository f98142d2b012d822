package io.parcours.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.parcours.model.Event;
import io.parcours.model.EventType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Erasing customers and purging old events while other events keep arriving: nothing acknowledged
 * of anyone else is lost or doubled, the erased customers are gone from the table, the journal
 * and what the listeners (the journey index) hold, and stay gone after a restart, even when their
 * messages are sent again.
 */
class EventRemovalTest {
    private static final EventLog.Origin WEB = new EventLog.Origin("shop", "web");

    @TempDir
    Path data;

    private static Event event(String messageId, String anonymousId, String userId, long time, String note) {
        return new Event(messageId, EventType.TRACK, "Viewed", Optional.ofNullable(userId), Optional.ofNullable(anonymousId),
                time, time, "{\"note\": \"" + note + "\"}", "{}", "{}", Optional.empty(), Optional.empty());
    }

    /** Counts the events a listener holds per customer id (user id, else anonymous id), as the journey index would. */
    private static final class Counter implements JourneyListener {
        final Map<String, Integer> perId = new HashMap<>();

        @Override
        public synchronized void arrived(WorkspaceNumbers numbers, EventChunk chunk) {
            for (int i = 0; i < chunk.size(); i++) {
                int id = chunk.user(i) >= 0 ? chunk.user(i) : chunk.anonymous(i);
                perId.merge(numbers.ids().get(id), 1, Integer::sum);
            }
        }

        @Override
        public synchronized void forgotten(String workspace) {
            perId.clear();
        }

        synchronized Map<String, Integer> counts() {
            return Map.copyOf(perId);
        }
    }

    @Test
    void erasureDuringIngestionTakesOnlyTheCustomerAndKeepsThemOut() throws Exception {
        List<Event> erasedEvents = new ArrayList<>();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        try (ParcoursStore store = ParcoursStore.open(data)) {
            store.createWorkspace("shop", "Shop", "");
            // Ten customers to erase, each with an anonymous id linked to a user id (two ids, one customer).
            for (int c = 0; c < 10; c++) {
                erasedEvents.add(event("e" + c + "-1", "anon-" + c, null, 1_000 + c, "secret of customer " + c));
                erasedEvents.add(event("e" + c + "-2", "anon-" + c, "user-" + c, 2_000 + c, "secret of customer " + c));
            }
            store.events().append(WEB, erasedEvents).join();
            Counter index = new Counter();
            store.events().follow(index);

            AtomicBoolean sending = new AtomicBoolean(true);
            List<Thread> senders = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                int sender = t;
                Thread thread = new Thread(() -> {
                    for (int n = 0; sending.get(); n++) {
                        List<Event> batch = new ArrayList<>();
                        for (int i = 0; i < 20; i++) {
                            String id = "k" + sender + "-" + n + "-" + i;
                            batch.add(event(id, null, "kept-" + (n * 20 + i) % 300, 5_000 + n, "kept"));
                        }
                        store.events().append(WEB, batch).join();
                        batch.forEach(event -> acknowledged.add(event.messageId()));
                    }
                });
                thread.start();
                senders.add(thread);
            }
            Thread.sleep(300);
            for (int c = 0; c < 10; c++) {
                // Named by either id, as the server does with every id stitched to the customer.
                EventLog.Removed removed = store.events().eraseCustomer("shop", List.of("anon-" + c, "user-" + c));
                assertThat(removed.events()).isEqualTo(2);
                assertThat(removed.ids()).isEqualTo(2);
            }
            Thread.sleep(300);
            sending.set(false);
            for (Thread thread : senders) {
                thread.join();
            }
            store.events().awaitLoaded(30_000);

            Map<String, Integer> held = index.counts();
            assertThat(held.keySet()).noneMatch(id -> id.startsWith("anon-") || id.startsWith("user-"));
            assertThat(held.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(acknowledged.size());
            assertThat(store.events().size()).isEqualTo(acknowledged.size());
        }

        try (Connection db = DriverManager.getConnection("jdbc:duckdb:" + data.resolve(ParcoursStore.DATABASE_FILE))) {
            ResultSet rows = db.createStatement().executeQuery("SELECT message_id, count(*) FROM events GROUP BY 1");
            Set<String> stored = new java.util.HashSet<>();
            while (rows.next()) {
                assertThat(rows.getInt(2)).as(rows.getString(1)).isEqualTo(1);
                stored.add(rows.getString(1));
            }
            assertThat(stored).isEqualTo(acknowledged);
            rows = db.createStatement().executeQuery("SELECT count(*) FROM event_ids WHERE id LIKE 'anon-%' OR id LIKE 'user-%'");
            rows.next();
            assertThat(rows.getInt(1)).as("erased ids left in the numbering").isZero();
            rows = db.createStatement().executeQuery("SELECT count(*) FROM erased_fingerprints");
            rows.next();
            assertThat(rows.getInt(1)).isEqualTo(erasedEvents.size());
        }
        try (Stream<Path> files = Files.list(data.resolve("journal"))) {
            for (Path file : files.toList()) {
                assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).doesNotContain("secret of");
            }
        }

        // Restarted: the erased messages, sent again, are taken for the repeats they are.
        try (ParcoursStore store = ParcoursStore.open(data)) {
            Counter index = new Counter();
            store.events().follow(index);
            assertThat(index.counts().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(acknowledged.size());
            EventLog.Appended again = store.events().append(WEB, erasedEvents).join();
            assertThat(again.duplicates()).isEqualTo(erasedEvents.size());
            // The same id coming back later is a new customer, with a new number.
            store.events().append(WEB, List.of(event("new-1", "anon-3", null, 9_000, "back"))).join();
            store.events().awaitLoaded(30_000);
            assertThat(index.counts()).containsEntry("anon-3", 1);
        }
    }

    @Test
    void purgingOldEventsErasesTheIdsOnlyTheyCarriedAndForgetsTheirFingerprints() throws Exception {
        try (ParcoursStore store = ParcoursStore.open(data)) {
            store.createWorkspace("shop", "Shop", "");
            store.events().append(WEB, List.of(
                    event("old-1", null, "only-old", 1_000, "x"), event("old-2", null, "both", 1_500, "x"),
                    event("new-1", null, "both", 9_000, "x"), event("new-2", null, "only-new", 9_500, "x"))).join();
            Counter index = new Counter();
            store.events().follow(index);
            EventLog.Removed removed = store.events().purgeBefore("shop", 5_000);
            assertThat(removed.events()).isEqualTo(2);
            assertThat(removed.ids()).as("only-old; 'both' still has an event").isEqualTo(1);
            assertThat(index.counts()).isEqualTo(Map.of("both", 1, "only-new", 1));
            assertThat(store.events().purgeBefore("shop", 5_000).events()).as("nothing more").isZero();
            // Purged (not erased): the same message may be imported again.
            assertThat(store.events().append(WEB, List.of(event("old-1", null, "only-old", 1_000, "x"))).join().stored())
                    .isEqualTo(1);
        }
    }
}
