package io.parcours.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rebuild benchmark's data goes where the event log reads it, and every event comes back in the journeys. */
class RebuildBenchmarkTest {
    @TempDir
    Path folder;

    @Test
    void theSyntheticEventsAreRebuiltIntoJourneys() throws Exception {
        RebuildBenchmark.fill(folder, 5_000);
        List<RebuildBenchmark.Run> runs = RebuildBenchmark.run(folder, 1);
        assertThat(runs).hasSize(1);
        assertThat(runs.get(0).events()).isEqualTo(5_000);
        assertThat(runs.get(0).customers()).isPositive().isLessThan(5_000);
    }
}
