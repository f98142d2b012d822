package io.parcours.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.parcours.store.StoredEvent;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official Segment Node client ({@code @segment/analytics-node}, installed from npm by
 * scripts/install-test-tools.sh) sends to a running Parcours, unchanged but for its host: every
 * event arrives, once.
 */
class TrackingNodeClientTest {
    static final Path CLIENT = Path.of("src", "test", "node");

    @TempDir
    Path data;

    @Test
    void theOfficialSegmentNodeClientSendsUnchanged() throws Exception {
        assertThat(CLIENT.resolve("node_modules/@segment/analytics-node").toFile())
                .as("the Segment client is missing: run scripts/install-test-tools.sh").exists();
        try (ServerTestSupport parcours = new ServerTestSupport(data)) {
            parcours.store.createWorkspace("akwaba", "Maison Akwaba", "");
            parcours.store.createSource("akwaba", "node-backend", "Node back end");
            String writeKey = parcours.store.createWriteKey("akwaba", "node-backend").secret();
            Process node = new ProcessBuilder("node", "send.mjs", parcours.server.url(), writeKey, "300")
                    .directory(CLIENT.toFile()).redirectErrorStream(true).start();
            assertThat(node.waitFor(90, TimeUnit.SECONDS)).as("the client finished").isTrue();
            String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(node.exitValue()).as(output).isZero();
            List<StoredEvent> events = parcours.store.searchEvents("akwaba", Optional.empty(), Optional.empty(), 10_000);
            assertThat(events).hasSize(300);
            assertThat(events.stream().map(e -> e.event().messageId()).distinct().count()).isEqualTo(300);
            Map<String, Long> types = events.stream().collect(Collectors.groupingBy(e -> e.event().type().id(),
                    Collectors.counting()));
            assertThat(types).containsEntry("identify", 30L).containsEntry("page", 30L).containsEntry("track", 240L);
            StoredEvent identify = events.stream().filter(e -> e.event().type().id().equals("identify")).findFirst()
                    .orElseThrow();
            assertThat(identify.event().traits()).contains("\"plan\":\"gold\"");
            assertThat(identify.event().context()).contains("@segment/analytics-node");
            assertThat(new File(CLIENT.toFile(), "package-lock.json")).exists();
        }
    }
}
