package io.parcours.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.parcours.model.ErrorCode;
import io.parcours.model.ParcoursException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loaded results in a real DuckDB file: stored as given, listed newest first, deleted, gone with their workspace. */
class LoadedResultRecordsTest {
    @TempDir
    Path data;

    private static final Instant MONDAY = Instant.parse("2026-11-23T14:02:00Z");

    @Test
    void resultsAreKeptAsGivenAndListedNewestFirst() {
        String large = "{\"cases\": 3, \"note\": \"" + "é".repeat(100_000) + "\"}";
        long funnelId;
        long processId;
        try (ParcoursStore store = ParcoursStore.open(data)) {
            store.createWorkspace("akwaba", "Maison Akwaba", "");
            store.createWorkspace("other", "Other", "");
            LoadedResultRecords.Entry funnel = store.loadedResults().add("akwaba", "funnel", "Funnel of November", "spark",
                    "{\"map\":\"shop\"}", "Ama", "{\"windowMillis\": 1}", MONDAY);
            LoadedResultRecords.Entry process = store.loadedResults().add("akwaba", "process", "Process", "spark", "{}",
                    "Kofi", large, MONDAY.plusSeconds(60));
            store.loadedResults().add("other", "paths", "Elsewhere", "spark", "{}", "Kofi", "{}", MONDAY);
            funnelId = funnel.id();
            processId = process.id();
            assertThat(funnel).isEqualTo(new LoadedResultRecords.Entry(funnelId, "akwaba", "funnel", "Funnel of November",
                    "spark", "{\"map\":\"shop\"}", MONDAY, "Ama", 19));
            assertThat(process.bytes()).as("UTF-8 bytes").isEqualTo(large.length() + 100_000);
            assertThat(processId).isNotEqualTo(funnelId);
        }
        try (ParcoursStore reopened = ParcoursStore.open(data)) {
            assertThat(reopened.loadedResults().all("akwaba")).extracting(LoadedResultRecords.Entry::id)
                    .containsExactly(processId, funnelId);
            assertThat(reopened.loadedResults().find("akwaba", processId).orElseThrow().result()).isEqualTo(large);
            assertThat(reopened.loadedResults().find("other", processId)).as("another workspace's id").isEmpty();

            reopened.loadedResults().delete("akwaba", processId);
            assertThat(reopened.loadedResults().all("akwaba")).extracting(LoadedResultRecords.Entry::label)
                    .containsExactly("Funnel of November");
            ParcoursException twice = catchThrowableOfType(ParcoursException.class,
                    () -> reopened.loadedResults().delete("akwaba", processId));
            assertThat(twice.code()).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(twice.getMessage()).contains("no loaded result '" + processId + "' in workspace 'akwaba'");

            ParcoursException noWorkspace = catchThrowableOfType(ParcoursException.class, () -> reopened.loadedResults()
                    .add("nowhere", "funnel", "x", "spark", "{}", "Ama", "{}", MONDAY));
            assertThat(noWorkspace.code()).isEqualTo(ErrorCode.NOT_FOUND);

            reopened.deleteWorkspace("akwaba");
            reopened.createWorkspace("akwaba", "Maison Akwaba again", "");
            assertThat(reopened.loadedResults().all("akwaba")).as("deleted with their workspace").isEmpty();
            assertThat(reopened.loadedResults().all("other")).hasSize(1);
            assertThat(reopened.loadedResults().find("akwaba", funnelId)).isEmpty();
        }
        assertThat(List.of(funnelId, processId)).doesNotHaveDuplicates();
    }
}
