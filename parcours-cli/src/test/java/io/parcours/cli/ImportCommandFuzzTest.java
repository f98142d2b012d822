package io.parcours.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.parcours.io.Fuzz;
import io.parcours.io.segment.SegmentBodies;
import io.parcours.store.ParcoursStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code parcours import} on mutated real event logs, end to end into a real data folder: each run
 * either imports (every row read is stored, already there or skipped with its line) or refuses the
 * file with exit code 3 and a message; never another exit code (70 would be a crash). Afterwards the
 * data folder opens and holds exactly the events the runs said they stored. The readers themselves
 * get thousands of cases in parcours-io's ImportFuzzTest; this checks the command around them.
 */
class ImportCommandFuzzTest {
    private static final Pattern SUMMARY = Pattern.compile("([\\d,]+) read, ([\\d,]+) stored, ([\\d,]+) already there, ([\\d,]+) skipped");

    @TempDir
    Path folder;

    @Test
    void mutatedLogsImportOrAreRefusedWithTheirLineAndNothingIsLost() throws Exception {
        Path datasets = Path.of("..", "..", "shared", "datasets", "pm4py-running-example");
        List<Sample> samples = List.of(
                new Sample("log.csv", Files.readAllBytes(datasets.resolve("running-example.csv"))),
                new Sample("log.xes", Files.readAllBytes(datasets.resolve("running-example.xes"))),
                new Sample("events.jsonl", (String.join("\n", SegmentBodies.MESSAGES) + "\n").getBytes(StandardCharsets.UTF_8)));
        Path data = folder.resolve("data");
        Fuzz fuzz = Fuzz.of("cli-import");
        long stored = 0;
        for (int i = Fuzz.cases(3); i > 0; i--) {
            Sample sample = fuzz.pick(samples);
            byte[] bytes = i % 3 == 0 ? sample.bytes() : fuzz.mutate(sample.bytes());
            Path file = folder.resolve(i + "-" + sample.name());
            Files.write(file, bytes);
            CliRun run = CliRun.of("import", file.toString(), "--data", data.toString(), "--workspace", "fuzz");
            long[] counted = new long[1];
            fuzz.check("parcours import " + sample.name(), bytes, () -> {
                assertThat(run.exitCode()).as("exit code; stderr: %s", run.err()).isIn(0, 3);
                if (run.exitCode() == 3) {
                    assertThat(run.err()).isNotBlank();
                    return;
                }
                Matcher summary = SUMMARY.matcher(run.out());
                assertThat(summary.find()).as(run.out()).isTrue();
                long read = number(summary.group(1));
                counted[0] = number(summary.group(2));
                assertThat(counted[0] + number(summary.group(3)) + number(summary.group(4))).as("rows accounted for")
                        .isEqualTo(read);
            });
            stored += counted[0];
        }
        try (ParcoursStore store = ParcoursStore.open(data)) {
            assertThat(store.events().size()).as("events stored, as the runs reported").isEqualTo(stored);
        }
        System.out.println(fuzz.summary());
    }

    private record Sample(String name, byte[] bytes) {}

    private static long number(String text) {
        return Long.parseLong(text.replace(",", ""));
    }
}
