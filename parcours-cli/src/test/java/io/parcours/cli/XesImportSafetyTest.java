package io.parcours.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.parcours.io.builtin.DemoWorkspaces;
import io.parcours.io.mapfile.MapDocument;
import io.parcours.io.mapfile.MapFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code parcours import} of a hostile XES file (an external entity naming a local file, an entity
 * expansion) stops at once with exit code 3 and one line on standard error, reads nothing it names
 * and stores nothing.
 */
class XesImportSafetyTest {
    private static final String TRACE = "<log><trace><string key=\"concept:name\" value=\"&e;\"/><event>"
            + "<string key=\"concept:name\" value=\"Seen\"/><date key=\"time:timestamp\" value=\"2026-01-10T10:00:00Z\"/>"
            + "</event></trace></log>";

    @TempDir
    Path folder;

    @Test
    void aHostileXesFileIsRefusedInOneLine() throws Exception {
        Path data = folder.resolve("data");
        Path map = Files.writeString(folder.resolve("akwaba.yaml"), MapFiles.write(MapDocument.of(DemoWorkspaces.load().get(0))));
        assertThat(CliRun.of("map", "import", map.toString(), "--data", data.toString()).exitCode()).isZero();
        Path secret = Files.writeString(folder.resolve("secret.txt"), "the-secret-content-4410");
        StringBuilder laughs = new StringBuilder("<!DOCTYPE log [<!ENTITY l0 \"lol\">");
        for (int i = 1; i <= 12; i++) {
            laughs.append("<!ENTITY l").append(i).append(" \"").append(("&l" + (i - 1) + ";").repeat(10)).append("\">");
        }
        laughs.append("<!ENTITY e \"&l12;\">]>");
        for (String doctype : new String[] {"<!DOCTYPE log [<!ENTITY e SYSTEM \"" + secret.toUri() + "\">]>",
                laughs.toString()}) {
            Path file = Files.writeString(folder.resolve("hostile.xes"), "<?xml version=\"1.0\"?>\n" + doctype + "\n" + TRACE);
            long started = System.nanoTime();
            CliRun run = CliRun.of("import", file.toString(), "--data", data.toString());
            assertThat((System.nanoTime() - started) / 1_000_000).as("milliseconds").isLessThan(10_000);
            assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
            assertThat(run.err().strip().lines()).hasSize(1);
            assertThat(run.err()).contains("declares a DTD").doesNotContain("the-secret-content");
            assertThat(run.out()).doesNotContain("the-secret-content").doesNotContain("stored");
        }
        CliRun exported = CliRun.of("export", "events", "--data", data.toString(), "--format", "jsonl", "--out",
                folder.resolve("all.jsonl").toString());
        assertThat(exported.out()).contains("Exported 0 events");
    }
}
