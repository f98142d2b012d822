package io.parcours.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * The event log the CSV import benchmark reads (docs/benchmarks.md, "Imports"): a file in the
 * process-mining convention (case:concept:name, concept:name, time:timestamp, org:resource) of
 * customers among 200,000, seven activities, times rising by up to a tenth of a second from
 * 2026-01-01 in ISO-8601 with {@code Z}, and one of 50 resources. The same rows and seed always
 * make the same file.
 */
public final class EventLogCsv {
    /** The customers the rows are spread over. */
    public static final int CUSTOMERS = 200_000;
    private static final String[] ACTIVITIES = {"visit home page", "view product", "add to cart", "checkout", "pay",
        "call hotline", "visit store"};
    private static final long START = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();

    private EventLogCsv() {}

    /** Writes {@code rows} rows after the header to {@code file}, drawn with {@code seed}. */
    public static void write(Path file, long rows, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        long time = START;
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("case:concept:name,concept:name,time:timestamp,org:resource\n");
            StringBuilder row = new StringBuilder(64);
            for (long i = 0; i < rows; i++) {
                time += random.nextInt(100);
                row.setLength(0);
                row.append('c').append(random.nextInt(CUSTOMERS)).append(',')
                        .append(ACTIVITIES[random.nextInt(ACTIVITIES.length)]).append(',')
                        .append(Instant.ofEpochMilli(time)).append(",r").append(random.nextInt(50)).append('\n');
                out.append(row);
            }
        }
    }
}
