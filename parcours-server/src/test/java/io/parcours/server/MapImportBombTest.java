package io.parcours.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one import over HTTP, a map file (YAML), refuses an alias expansion ("billion laughs" in
 * YAML) and nesting without end at once, with a 400 that says why, and saves nothing. (Event
 * files, XES among them, are imported only by the command line: XesSafetyTest.)
 */
class MapImportBombTest {
    @TempDir
    Path data;

    @Test
    void aYamlAliasExpansionIsRefusedAtOnce() {
        StringBuilder laughs = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        String previous = "a";
        for (char name = 'b'; name <= 'k'; name++) {
            laughs.append(name).append(": &").append(name).append(" [").append(("*" + previous + ",").repeat(9)).append('*')
                    .append(previous).append("]\n");
            previous = String.valueOf(name);
        }
        try (ServerTestSupport parcours = new ServerTestSupport(data)) {
            parcours.post("/api/workspaces", "{\"key\": \"akwaba\", \"name\": \"Maison Akwaba\"}");
            for (String bomb : new String[] {laughs.toString(), "maps: " + "[".repeat(100_000)}) {
                long started = System.nanoTime();
                ServerTestSupport.Answer answer = parcours.post("/api/workspaces/akwaba/import", bomb);
                assertThat((System.nanoTime() - started) / 1_000_000).as("milliseconds").isLessThan(5_000);
                assertThat(answer.status()).as(answer.body()).isEqualTo(400);
                assertThat(answer.json().at("/error/message").asText()).containsAnyOf("aliases", "nested more than");
            }
            assertThat(parcours.get("/api/workspaces/akwaba/maps").json()).isEmpty();
        }
    }
}
