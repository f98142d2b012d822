package io.parcours.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.parcours.model.StringDictionary;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The live journeys while events keep arriving: indexes built beside the loader, nothing lost or counted twice. */
class LiveJourneysTest {
    @Test
    void indexesBuiltWhileEventsArriveHoldEveryEventOnceInTimeOrder() throws Exception {
        StringDictionary ids = new StringDictionary();
        StringDictionary activities = new StringDictionary();
        int viewed = activities.intern("Product Viewed");
        LiveJourneys live = new LiveJourneys(ids, activities);
        int customers = 2_000;
        int[] idOf = new int[customers];
        for (int c = 0; c < customers; c++) {
            idOf[c] = ids.intern("customer-" + c);
        }
        int chunks = 2_000;
        int perChunk = 500;
        AtomicBoolean arriving = new AtomicBoolean(true);
        List<Long> takenSeen = new ArrayList<>();
        java.util.concurrent.atomic.AtomicReference<Throwable> failed = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.CountDownLatch reading = new java.util.concurrent.CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try {
                while (arriving.get()) {
                    reading.countDown();
                    takenSeen.add(live.taken());
                    JourneyIndex index = live.index();
                    assertThat((long) index.eventCount()).isLessThanOrEqualTo(live.taken());
                }
            } catch (Throwable t) {
                failed.set(t);
            }
        });
        reader.start();
        assertThat(reading.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        int[] none = new int[perChunk];
        java.util.Arrays.fill(none, -1);
        for (int chunk = 0; chunk < chunks; chunk++) {
            int[] user = new int[perChunk];
            long[] time = new long[perChunk];
            int[] activity = new int[perChunk];
            for (int i = 0; i < perChunk; i++) {
                int n = chunk * perChunk + i;
                user[i] = idOf[n % customers];
                // Times out of arrival order within a customer: the index sorts each journey.
                time[i] = 1_000_000L + (n * 7919L) % 100_000;
                activity[i] = viewed;
            }
            live.arrive(perChunk, none, none, user, time, activity);
        }
        arriving.set(false);
        reader.join();
        assertThat(failed.get()).as("the reader's failure").isNull();
        assertThat(takenSeen.size()).as("indexes asked for while events arrived").isGreaterThan(1);

        JourneyIndex index = live.index();
        assertThat(index.eventCount()).isEqualTo(chunks * perChunk);
        assertThat(live.taken()).isEqualTo(chunks * perChunk);
        assertThat(index.customerCount()).isEqualTo(customers);
        for (int c = 0; c < index.customerCount(); c++) {
            assertThat(index.end(c) - index.start(c)).isEqualTo(chunks * perChunk / customers);
            for (int e = index.start(c) + 1; e < index.end(c); e++) {
                assertThat(index.time(e)).isGreaterThanOrEqualTo(index.time(e - 1));
            }
        }
        for (int i = 1; i < takenSeen.size(); i++) {
            assertThat(takenSeen.get(i)).as("events taken in never go down, even while an index is built")
                    .isGreaterThanOrEqualTo(takenSeen.get(i - 1));
        }
    }
}
