package io.parcours.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How many threads a runner's analyses use, alone and within {@link JourneyRunner#withAtMost}. */
class JourneyRunnerTest {
    /** Records the threads that add journeys: what a runner's parallelism is, observed. */
    static final class ThreadsSeen implements JourneyAnalysis<Set<String>, Set<String>> {
        @Override
        public Set<String> start() {
            return new HashSet<>();
        }

        @Override
        public void add(Set<String> partial, Journey journey) {
            partial.add(Thread.currentThread().getName());
        }

        @Override
        public Set<String> merge(Set<String> left, Set<String> right) {
            left.addAll(right);
            return left;
        }

        @Override
        public Set<String> finish(Set<String> partial) {
            return partial;
        }
    }

    private final RandomJourneys data = new RandomJourneys(new Random(5), 4_000, 4);
    /** Four workers taking slices of 10 customers: 400 slices, so each worker takes some. */
    private final JourneyRunner fourWorkers = JourneyRunner.withWorkers(4).slicedBy(10);

    private final String caller = Thread.currentThread().getName();

    private Set<String> threadsAddingJourneys() {
        return fourWorkers.run(data.steps, new ThreadsSeen());
    }

    @Test
    void analysesRunWithinWithAtMostOneWorkerStayOnTheCallingThreadAndTheCapEndsWithIt() {
        assertThat(threadsAddingJourneys()).as("threads adding journeys without a cap")
                .isNotEmpty().doesNotContain(caller).hasSizeLessThanOrEqualTo(4);
        assertThat(JourneyRunner.withAtMost(1, this::threadsAddingJourneys))
                .as("threads adding journeys within withAtMost(1)").containsExactly(caller);
        assertThat(threadsAddingJourneys()).as("threads adding journeys after the capped work")
                .isNotEmpty().doesNotContain(caller);
    }

    @Test
    void theLowestCapHoldsAndACapBelowOneIsRefused() {
        assertThat(JourneyRunner.withAtMost(64, this::threadsAddingJourneys)).as("a cap above the runner's parallelism")
                .isNotEmpty().doesNotContain(caller).hasSizeLessThanOrEqualTo(4);
        assertThat(JourneyRunner.withAtMost(2, this::threadsAddingJourneys)).as("a cap of 2")
                .isNotEmpty().doesNotContain(caller).hasSizeLessThanOrEqualTo(2);
        assertThat(JourneyRunner.withAtMost(1, () -> JourneyRunner.withAtMost(8, this::threadsAddingJourneys)))
                .as("a cap of 8 within a cap of 1").containsExactly(caller);
        assertThatThrownBy(() -> JourneyRunner.withAtMost(0, () -> 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1 worker");
    }
}
