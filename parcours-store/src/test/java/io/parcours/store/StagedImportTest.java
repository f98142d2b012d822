package io.parcours.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parcours.model.ParcoursException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bulk import whose transaction fails part way: the chunks before stay stored, the failed one
 * leaves nothing behind (neither rows nor the claim on their messages), and importing again stores
 * exactly the rest.
 */
class StagedImportTest {
    private static final EventLog.Origin IMPORT = new EventLog.Origin("shop", "import");

    @TempDir
    Path data;

    /** Ten rows, lines 2 to 11, of messages m-0 to m-9; from line {@code badFrom} on, properties are null, which the table refuses. */
    private static StagedEvents rows(long badFrom) {
        return new StagedEvents(List.of("CREATE OR REPLACE TEMP TABLE staged_test AS SELECT range AS i FROM range(10)"),
                "SELECT i + 2 AS line, 'm-' || i AS message_id, NULL::UBIGINT AS row_digest, 'visit' AS name, "
                        + "'c' || (i % 3) AS user_id, NULL AS time_text, 1000 + i AS event_time, "
                        + "CASE WHEN i + 2 >= " + badFrom + " THEN NULL ELSE '{}' END AS properties, '{}' AS context, "
                        + "NULL AS problem, NULL AS late_problem FROM staged_test",
                text -> Optional.empty(), text -> "no time", List.of("staged_test"));
    }

    @Test
    void aFailedChunkLeavesNothingBehindAndTheNextImportStoresTheRestOnce() {
        try (ParcoursStore store = ParcoursStore.open(data)) {
            store.createWorkspace("shop", "Shop", "");
            store.createSource("shop", "import", "File imports");
            EventLog events = store.events();
            // Chunks of four rows: lines 2-5 are stored, lines 6-9 fail on line 8.
            assertThatThrownBy(() -> events.importStaged(IMPORT, rows(8), 5000, true, f -> { }, 4))
                    .isInstanceOf(ParcoursException.class).hasMessageContaining("what it stored before stays");
            assertThat(events.size()).isEqualTo(4);

            EventLog.Imported again = events.importStaged(IMPORT, rows(Long.MAX_VALUE), 5000, true, f -> { }, 4);
            assertThat(again.stored()).isEqualTo(6);
            assertThat(again.duplicates()).isEqualTo(4);
            assertThat(events.size()).isEqualTo(10);
            assertThat(events.importStaged(IMPORT, rows(Long.MAX_VALUE), 5000, true, f -> { }, 4).duplicates())
                    .isEqualTo(10);
        }
    }
}
