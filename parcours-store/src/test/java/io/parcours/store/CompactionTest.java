package io.parcours.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.parcours.model.Event;
import io.parcours.model.EventType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A compaction rewrites the database with its live rows only, and everything Parcours holds comes
 * through: events, numbering, fingerprints of erased events, records, and sequences that go on
 * where they were.
 */
class CompactionTest {
    private static final EventLog.Origin WEB = new EventLog.Origin("shop", "web");

    @TempDir
    Path data;

    private static Event event(String messageId, String userId, long time) {
        return new Event(messageId, EventType.TRACK, "Viewed", Optional.of(userId), Optional.empty(), time, time,
                "{\"padding\": \"" + "x".repeat(200) + "\"}", "{}", "{}", Optional.empty(), Optional.empty());
    }

    @Test
    void theCompactedDatabaseHoldsEverythingLiveAndGoesOnWhereItWas() throws Exception {
        List<Event> erased = new ArrayList<>();
        long resultId;
        try (ParcoursStore store = ParcoursStore.open(data)) {
            store.createWorkspace("shop", "Shop", "");
            List<Event> events = new ArrayList<>();
            for (int i = 0; i < 20_000; i++) {
                Event event = event("m" + i, "customer-" + i % 500, 1_000 + i);
                (i % 500 < 100 ? erased : events).add(event);
            }
            store.events().append(WEB, events).join();
            store.events().append(WEB, erased).join();
            store.events().awaitLoaded(30_000);
            for (int c = 0; c < 100; c++) {
                store.events().eraseCustomer("shop", List.of("customer-" + c));
            }
            resultId = store.loadedResults().add("shop", "funnel", "before", "spark", "{}", "test", "{}", Instant.now()).id();
            // Journaled and not yet loaded when the store closes: compaction must keep them too.
            store.events().append(WEB, List.of(event("late", "customer-999", 99_000))).join();
        }
        Compaction.Compacted compacted = Compaction.compact(data);
        assertThat(compacted.rows()).isGreaterThan(16_000);
        assertThat(compacted.bytesAfter()).isPositive();
        assertThat(Files.exists(data.resolve(ParcoursStore.DATABASE_FILE + ".before-compact"))).isFalse();
        System.out.printf("compaction: %,d bytes before, %,d after, %,d rows in %d ms%n", compacted.bytesBefore(),
                compacted.bytesAfter(), compacted.rows(), compacted.millis());

        try (ParcoursStore store = ParcoursStore.open(data)) {
            assertThat(store.events().size()).isEqualTo(16_001);
            assertThat(store.eventNumbers("shop")[2]).isEqualTo(16_001);
            assertThat(store.events().append(WEB, erased).join().duplicates()).as("erased stay out").isEqualTo(erased.size());
            assertThat(store.loadedResults().add("shop", "funnel", "after", "spark", "{}", "test", "{}", Instant.now()).id())
                    .as("sequences go on").isGreaterThan(resultId);
            assertThat(store.privacy().retention("shop")).isEmpty();
        }
    }
}
