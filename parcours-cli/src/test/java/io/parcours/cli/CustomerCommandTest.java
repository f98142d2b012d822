package io.parcours.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parcours.store.ParcoursStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code parcours customer export|erase} and {@code parcours retention} on a real data folder:
 * a customer's data exported then erased, retention periods set and applied, bad input refused
 * with an exit code and one line.
 */
class CustomerCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path folder;

    private Path dataWithCustomers() throws Exception {
        Path data = folder.resolve("data");
        Path events = folder.resolve("events.jsonl");
        String old = Instant.now().minus(500, ChronoUnit.DAYS).toString();
        Files.writeString(events, String.join("\n",
                "{\"type\": \"page\", \"anonymousId\": \"d-17\", \"name\": \"Home\", \"messageId\": \"1\", \"context\": {\"ip\": \"198.51.100.23\"}}",
                "{\"type\": \"identify\", \"anonymousId\": \"d-17\", \"userId\": \"kofi\", \"messageId\": \"2\", \"traits\": {\"email\": \"kofi@example.com\"}}",
                "{\"type\": \"track\", \"userId\": \"kofi\", \"event\": \"Order Completed\", \"messageId\": \"3\"}",
                "{\"type\": \"track\", \"userId\": \"esi\", \"event\": \"Order Completed\", \"messageId\": \"4\", \"timestamp\": \"" + old + "\"}",
                "{\"type\": \"track\", \"userId\": \"esi\", \"event\": \"Product Viewed\", \"messageId\": \"5\"}") + "\n");
        CliRun imported = CliRun.on(data, "import", events.toString(), "--workspace", "shop");
        assertThat(imported.exitCode()).as(imported.err()).isZero();
        return data;
    }

    @Test
    void aCustomerIsExportedThenErased() throws Exception {
        Path data = dataWithCustomers();
        Path out = folder.resolve("kofi.json");
        CliRun exported = CliRun.on(data, "customer", "export", "d-17", "--out", out.toString());
        assertThat(exported.exitCode()).as(exported.err()).isZero();
        JsonNode kofi = JSON.readTree(out.toFile());
        assertThat(kofi.get("customer").asText()).isEqualTo("kofi");
        assertThat(kofi.get("events")).hasSize(3);
        assertThat(kofi.get("events").get(0).get("context").get("ip").asText()).as("truncated at import")
                .isEqualTo("198.51.100.0");

        CliRun refused = CliRun.on(data, "customer", "erase", "kofi");
        assertThat(refused.exitCode()).isEqualTo(3);
        assertThat(refused.err().strip()).contains("--yes").doesNotContain("\n");
        CliRun erased = CliRun.on(data, "customer", "erase", "kofi", "--yes", "--author", "dpo", "--json");
        assertThat(erased.exitCode()).as(erased.err()).isZero();
        assertThat(JSON.readTree(erased.out()).get("events").asLong()).isEqualTo(3);

        CliRun gone = CliRun.on(data, "customer", "export", "kofi");
        assertThat(gone.exitCode()).isEqualTo(4);
        assertThat(gone.err().strip()).contains("nothing is held about customer 'kofi'").doesNotContain("\n");
        assertThat(CliRun.on(data, "customer", "export", "esi").exitCode()).isZero();

        // Compacted, the database keeps what is live, and its file no longer has room where Kofi was.
        CliRun compacted = CliRun.on(data, "compact");
        assertThat(compacted.exitCode()).as(compacted.err()).isZero();
        assertThat(compacted.out()).startsWith("Compacted ").contains(" rows, ", " MB after");
        assertThat(CliRun.on(data, "customer", "export", "esi").exitCode()).isZero();
        CliRun nowhere = CliRun.on(folder.resolve("nowhere"), "compact");
        assertThat(nowhere.exitCode()).isEqualTo(4);
        assertThat(nowhere.err()).contains("no Parcours database in");
        try (ParcoursStore store = ParcoursStore.open(data)) {
            assertThat(store.privacy().erasures("shop")).singleElement()
                    .satisfies(erasure -> assertThat(erasure.requestedBy()).isEqualTo("dpo"));
            assertThat(store.events().size()).isEqualTo(2);
        }
    }

    @Test
    void retentionPeriodsAreSetAndApplied() throws Exception {
        Path data = dataWithCustomers();
        CliRun bad = CliRun.on(data, "retention", "--events", "a year");
        assertThat(bad.exitCode()).isEqualTo(3);
        assertThat(bad.err().strip()).contains("--events takes a number of days").doesNotContain("\n");
        assertThat(CliRun.on(data, "retention", "--events", "0").exitCode()).isEqualTo(3);
        assertThat(CliRun.on(data, "retention").out()).contains("events       kept forever");

        CliRun set = CliRun.on(data, "retention", "--events", "365", "--purge");
        assertThat(set.exitCode()).as(set.err()).isZero();
        assertThat(set.out()).contains("events       365 days", "answers      kept forever",
                "Deleted 1 events, 0 ids, 0 survey invitations and 0 answers");
        assertThat(CliRun.on(data, "retention", "--events", "forever").out()).contains("events       kept forever");
        try (ParcoursStore store = ParcoursStore.open(data)) {
            assertThat(store.events().size()).isEqualTo(4);
        }
    }
}
