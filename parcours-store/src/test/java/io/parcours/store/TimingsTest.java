package io.parcours.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TimingsTest {
    @Test
    void countsEachDurationInTheFirstBucketItFitsAndSumsThem() {
        Timings timings = new Timings(0.001, 0.01, 0.1);
        timings.record(500_000);      // 0.5 ms
        timings.record(1_000_000);    // exactly 1 ms: at most the bound, so in its bucket
        timings.record(1_000_001);
        timings.record(50_000_000);
        timings.record(3_000_000_000L); // beyond every bound

        assertThat(timings.bounds()).containsExactly(0.001, 0.01, 0.1);
        assertThat(timings.cumulativeCounts()).containsExactly(2, 3, 4, 5);
        assertThat(timings.sumNanos()).isEqualTo(500_000 + 1_000_000 + 1_000_001 + 50_000_000 + 3_000_000_000L);
    }

    @Test
    void countsFromManyThreadsAddUp() throws Exception {
        Timings timings = new Timings(0.001);
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 10_000; i++) {
                    timings.record(i % 2 == 0 ? 10 : 2_000_000);
                }
            });
            threads[t].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(timings.cumulativeCounts()).containsExactly(20_000, 40_000);
    }

    @Test
    void boundsMustBeGivenAndIncrease() {
        assertThatThrownBy(Timings::new).hasMessageContaining("at least one");
        assertThatThrownBy(() -> new Timings(0.1, 0.01)).hasMessageContaining("must increase");
    }
}
