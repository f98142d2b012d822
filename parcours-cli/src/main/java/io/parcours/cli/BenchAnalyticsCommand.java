package io.parcours.cli;

import io.parcours.analytics.JourneySteps;
import io.parcours.bench.AnalyticsBenchmark;
import io.parcours.io.simulate.SimulationOptions;
import io.parcours.model.JourneyMap;
import io.parcours.model.ParcoursException;
import io.parcours.model.Touchpoint;
import io.parcours.model.Workspace;
import io.parcours.server.JourneyAnalyses;
import io.parcours.server.Journeys;
import io.parcours.store.ParcoursStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code parcours bench analytics}: simulated journeys of a retailer, loaded into Parcours
 * (simulate, import, rebuild, touchpoints matched) and into a plain DuckDB table, then each analysis
 * timed both ways on the same data in the same run, with its answers compared.
 */
@Command(name = "analytics", mixinStandardHelpOptions = true,
        description = {"Measure the analyses against DuckDB SQL on the same simulated journeys, in the same run: the "
                + "journeys of a retailer's map (parcours-bench's bench-shop.yaml), every touchpoint with rules.",
            "With --data, the data folder is kept and reused by later runs with the same --customers and --seed."})
final class BenchAnalyticsCommand implements Callable<Integer> {
    private static final String WORKSPACE = "bench-shop";
    private static final String MAP = "shop";

    @Option(names = "--customers", defaultValue = "100000", description = "Customers to simulate (default ${DEFAULT-VALUE}; about 10 events each).")
    long customers;

    @Option(names = "--seed", defaultValue = "1", description = "The simulation's seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--repeats", defaultValue = "5", description = "Timed runs of each analysis after a warm-up; the median is shown (default ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--data", paramLabel = "DIR", description = "A data folder to fill and keep (or reuse).")
    Path data;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (customers < 1 || customers > SimulationOptions.MAX_CUSTOMERS) {
            throw ParcoursException.invalid("customers", "--customers must be from 1 to " + SimulationOptions.MAX_CUSTOMERS);
        }
        if (repeats < 1 || repeats > 100) {
            throw ParcoursException.invalid("repeats", "--repeats must be from 1 to 100");
        }
        PrintWriter out = spec.commandLine().getOut();
        Path folder = data != null ? data : Files.createTempDirectory("parcours-bench-analytics-");
        Files.createDirectories(folder);
        Path marker = folder.resolve("simulated-" + customers + "-" + seed);
        try {
            if (!Files.exists(marker)) {
                if (Files.exists(folder.resolve(ParcoursStore.DATABASE_FILE))) {
                    throw ParcoursException.invalid("data", folder + " holds another database: give a new folder, or the "
                            + "--customers and --seed it was filled with");
                }
                fill(folder, out);
                Files.createFile(marker);
            }
            try (ParcoursStore store = ParcoursStore.open(folder)) {
                long start = System.nanoTime();
                Journeys journeys = Journeys.follow(store);
                journeys.index(WORKSPACE);
                out.printf(Locale.ROOT, "journey index rebuilt from the database in %.1f s%n", seconds(start));
                start = System.nanoTime();
                JourneySteps steps = new JourneyAnalyses(store, journeys).touchpointSteps(WORKSPACE, MAP);
                out.printf(Locale.ROOT, "touchpoints of map '%s' matched for every event in %.1f s%n", MAP, seconds(start));
                start = System.nanoTime();
                Path database = folder.resolve("bench-sql.duckdb");
                long rows = AnalyticsBenchmark.load(steps, database);
                out.printf(Locale.ROOT, "%,d touchpoint events of %,d customers loaded into DuckDB table ev in %.1f s%n",
                        rows, steps.index().customerCount(), seconds(start));
                out.flush();
                List<AnalyticsBenchmark.Row> table = AnalyticsBenchmark.run(steps, shape(store), database, repeats);
                print(out, rows, steps.index().customerCount(), table);
                journeys.close();
                return table.stream().allMatch(AnalyticsBenchmark.Row::sameAnswer) ? 0 : 1;
            }
        } finally {
            if (data == null) {
                BenchCommand.Ingest.deleteRecursively(folder);
            }
        }
    }

    private void fill(Path folder, PrintWriter out) {
        Workspace workspace = AnalyticsBenchmark.workspace();
        try (ParcoursStore store = ParcoursStore.open(folder)) {
            store.importInto(workspace.key(), workspace.name(), workspace.description(), true, workspace.teams(),
                    workspace.personas(), workspace.maps(), "bench", "benchmark workspace");
            long start = System.nanoTime();
            long stored = SimulatedJourneys.load(store, workspace, customers, seed, "simulation", folder);
            out.printf(Locale.ROOT, "simulated %,d customers and imported their %,d events in %.1f s%n", customers, stored,
                    seconds(start));
        }
    }

    private static AnalyticsBenchmark.MapShape shape(ParcoursStore store) {
        JourneyMap map = store.requireLatestMap(WORKSPACE, MAP).map();
        io.parcours.analytics.MapSteps.TouchpointGroups channels = io.parcours.analytics.MapSteps.TouchpointGroups.of(map, true);
        List<String> keys = map.touchpoints().stream().map(Touchpoint::key).toList();
        return new AnalyticsBenchmark.MapShape(keys, io.parcours.analytics.MapSteps.stageOf(map),
                map.stages().stream().map(io.parcours.model.Stage::key).toList(), channels.groupOfTouchpoint(),
                channels.names(), keys.indexOf(map.conversion().orElseThrow()));
    }

    private static void print(PrintWriter out, long events, int customers, List<AnalyticsBenchmark.Row> table) {
        out.printf(Locale.ROOT, "%n%-34s %12s %12s %12s %8s  %s%n", "analysis (" + String.format(Locale.ROOT, "%,d", events)
                + " events, " + String.format(Locale.ROOT, "%,d", customers) + " customers)", "Parcours 1c", "Parcours",
                "DuckDB SQL", "ratio", "same answer");
        for (AnalyticsBenchmark.Row row : table) {
            out.printf(Locale.ROOT, "%-34s %9.0f ms %9.0f ms %9.0f ms %7.1fx  %s (%s)%n", row.analysis(),
                    row.parcoursOneCoreMillis(), row.parcoursMillis(), row.duckdbMillis(), row.ratio(),
                    row.sameAnswer() ? "yes" : "NO", row.note());
        }
        out.printf(Locale.ROOT, "Parcours: %d cores (1c: one core); DuckDB: its default threads; median of the timed runs%n",
                Runtime.getRuntime().availableProcessors());
        out.flush();
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

}
