package io.parcours.cli;

import io.parcours.bench.IngestBenchmark;
import io.parcours.model.ParcoursException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code parcours bench ...}: the project's own benchmarks, measured on this machine. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Run the benchmarks on this machine.",
        subcommands = {BenchCommand.Ingest.class, BenchCommand.Rebuild.class, BenchAnalyticsCommand.class, BenchPagesCommand.class,
                BenchCommand.Kpis.class, BenchCommand.Csv.class})
final class BenchCommand {
    private BenchCommand() {}

    @Command(name = "ingest", mixinStandardHelpOptions = true,
            description = {"Measure durable ingestion through the tracking API: a server on a loopback port and a load "
                    + "generator on this machine; every request is acknowledged only once on disk.",
                "The database is a fresh one in a temporary folder, deleted afterwards, unless --data is given."})
    static final class Ingest implements Callable<Integer> {
        @Option(names = "--mode", defaultValue = "batch", description = "batch (/v1/batch) or track (single /v1/track requests); default ${DEFAULT-VALUE}.")
        String mode;

        @Option(names = "--connections", defaultValue = "32", description = "Requests in flight at once (default ${DEFAULT-VALUE}).")
        int connections;

        @Option(names = "--batch-size", defaultValue = "100", description = "Events per batch request (default ${DEFAULT-VALUE}).")
        int batchSize;

        @Option(names = "--seconds", defaultValue = "10", description = "How long to measure (default ${DEFAULT-VALUE}).")
        int seconds;

        @Option(names = "--warm-up", defaultValue = "5", description = "Seconds of load before measuring (default ${DEFAULT-VALUE}).")
        int warmUp;

        @Option(names = "--data", paramLabel = "DIR", description = "A new, empty data folder to use and keep.")
        Path data;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            IngestBenchmark.Mode parsed = switch (mode.toLowerCase(Locale.ROOT)) {
                case "batch" -> IngestBenchmark.Mode.BATCH;
                case "track" -> IngestBenchmark.Mode.TRACK;
                default -> throw ParcoursException.invalid("mode", "--mode must be batch or track, not '" + mode + "'");
            };
            if (seconds < 1 || seconds > 3600 || warmUp < 0 || warmUp > 600) {
                throw ParcoursException.invalid("seconds", "--seconds must be from 1 to 3600 and --warm-up from 0 to 600");
            }
            IngestBenchmark.Settings settings;
            try {
                settings = new IngestBenchmark.Settings(parsed, connections, batchSize, Duration.ofSeconds(warmUp),
                        Duration.ofSeconds(seconds));
            } catch (IllegalArgumentException e) {
                throw ParcoursException.invalid("", e.getMessage());
            }
            Path folder = data;
            boolean temporary = folder == null;
            if (temporary) {
                folder = Files.createTempDirectory("parcours-bench-");
            } else if (Files.exists(folder.resolve(io.parcours.store.ParcoursStore.DATABASE_FILE))) {
                throw ParcoursException.invalid("data", folder + " already holds a database: give a new, empty folder");
            }
            PrintWriter out = spec.commandLine().getOut();
            out.printf("Ingestion benchmark: %s, %d connections, %d s warm-up, %d s measured, %d cores, Java %s%n", mode,
                    connections, warmUp, seconds, Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.version"));
            out.flush();
            try {
                IngestBenchmark.Result result = IngestBenchmark.run(folder, settings);
                out.println(result.describe());
                if (result.storedTotal() < result.acknowledgedTotal()) {
                    throw new ParcoursException(io.parcours.model.ErrorCode.INTERNAL,
                            "acknowledged events are missing from the database: the result is not valid");
                }
            } finally {
                if (temporary) {
                    deleteRecursively(folder);
                }
            }
            return 0;
        }

        static void deleteRecursively(Path folder) throws java.io.IOException {
            try (var paths = Files.walk(folder)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    @Command(name = "rebuild", mixinStandardHelpOptions = true,
            description = {"Measure the journey index rebuilt at start: a database of synthetic events in a temporary "
                    + "folder, then the store opened and the journeys rebuilt from it, several times."})
    static final class Rebuild implements Callable<Integer> {
        @Option(names = "--events", defaultValue = "10000000", description = "How many events (default ${DEFAULT-VALUE}).")
        int events;

        @Option(names = "--runs", defaultValue = "3", description = "How many rebuilds to time (default ${DEFAULT-VALUE}).")
        int runs;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            if (events < 1 || events > 500_000_000 || runs < 1 || runs > 20) {
                throw ParcoursException.invalid("events", "--events must be from 1 to 500000000 and --runs from 1 to 20");
            }
            PrintWriter out = spec.commandLine().getOut();
            Path folder = Files.createTempDirectory("parcours-rebuild-");
            try {
                long started = System.nanoTime();
                io.parcours.bench.RebuildBenchmark.fill(folder, events);
                out.printf("Rebuild benchmark: %,d synthetic events written in %.1f s; %d cores, Java %s, max heap %d MB%n",
                        events, (System.nanoTime() - started) / 1e9, Runtime.getRuntime().availableProcessors(),
                        System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20);
                out.flush();
                for (io.parcours.bench.RebuildBenchmark.Run run : io.parcours.bench.RebuildBenchmark.run(folder, runs)) {
                    out.printf(Locale.ROOT, "open %.2f s (fingerprints); journeys %.2f s (dictionaries, events, index): %,d events, "
                            + "%,d customers, %,.0f events/s, %.2f bytes per event%n", run.openSeconds(),
                            run.journeySeconds(), run.events(), run.customers(), run.eventsPerSecond(), run.bytesPerEvent());
                    out.flush();
                }
            } finally {
                Ingest.deleteRecursively(folder);
            }
            return 0;
        }
    }

    @Command(name = "csv", mixinStandardHelpOptions = true,
            description = {"Write the event log the CSV import benchmark reads (scripts/bench-import.sh times "
                    + "'parcours import' of it): customers among 200,000, seven activities, rising times, one resource."})
    static final class Csv implements Callable<Integer> {
        @Option(names = "--rows", defaultValue = "10000000", description = "How many rows (default ${DEFAULT-VALUE}).")
        long rows;

        @Option(names = "--seed", defaultValue = "1", description = "The seed (default ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--out", paramLabel = "FILE", required = true, description = "The CSV file to write.")
        Path out;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            if (rows < 1 || rows > 2_000_000_000L) {
                throw ParcoursException.invalid("rows", "--rows must be from 1 to 2000000000");
            }
            long started = System.nanoTime();
            try {
                io.parcours.bench.EventLogCsv.write(out, rows, seed);
            } catch (java.nio.file.NoSuchFileException e) {
                throw ParcoursException.invalid("out", "cannot write " + out + ": its folder does not exist");
            }
            spec.commandLine().getOut().printf(Locale.ROOT, "Wrote %,d rows to %s (%,d bytes) in %.1f s%n", rows, out,
                    Files.size(out), (System.nanoTime() - started) / 1e9);
            return 0;
        }
    }

    @Command(name = "kpis", mixinStandardHelpOptions = true,
            description = {"Measure the KPI table of a 40-touchpoint map over many survey answers, over HTTP on loopback, "
                    + "side by side with DuckDB SQL computing the same scores; exits with 1 if they differ."})
    static final class Kpis implements Callable<Integer> {
        @Option(names = "--answers", defaultValue = "1000000", description = "How many answers (default ${DEFAULT-VALUE}).")
        int answers;

        @Option(names = "--repeats", defaultValue = "20", description = "Timed requests of each table (default ${DEFAULT-VALUE}).")
        int repeats;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            if (answers < 1 || answers > 100_000_000 || repeats < 1 || repeats > 1000) {
                throw ParcoursException.invalid("answers", "--answers must be from 1 to 100000000 and --repeats from 1 to 1000");
            }
            PrintWriter out = spec.commandLine().getOut();
            Path folder = Files.createTempDirectory("parcours-kpis-");
            try {
                long started = System.nanoTime();
                io.parcours.bench.KpiBenchmark.fill(folder, answers);
                out.printf(Locale.ROOT, "KPI benchmark: %,d answers and %,d invitations written in %.1f s; %d cores, Java %s%n",
                        answers, 2L * answers, (System.nanoTime() - started) / 1e9,
                        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
                io.parcours.bench.KpiBenchmark.Result result = io.parcours.bench.KpiBenchmark.run(folder, repeats);
                for (io.parcours.bench.KpiBenchmark.Timing timing : result.timings()) {
                    out.printf(Locale.ROOT, "%-45s median %7.1f ms   p95 %7.1f ms%n", timing.what(), timing.medianMillis(),
                            timing.p95Millis());
                }
                out.println(result.sameAnswers() ? "Parcours and SQL give the same score for every touchpoint."
                        : "DIFFERENT ANSWERS: " + result.difference());
                out.flush();
                return result.sameAnswers() ? 0 : 1;
            } finally {
                Ingest.deleteRecursively(folder);
            }
        }
    }
}
