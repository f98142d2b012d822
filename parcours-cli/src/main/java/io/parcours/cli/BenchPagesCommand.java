package io.parcours.cli;

import io.parcours.bench.PagesBenchmark;
import io.parcours.model.ParcoursException;
import io.parcours.store.ParcoursStore;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code parcours bench pages}: every page of the dashboard under load, over the data folder of
 * {@code parcours bench analytics} (its simulated events) with surveys and answers added.
 */
@Command(name = "pages", mixinStandardHelpOptions = true,
        description = {"Measure every page of the dashboard under load over loopback: each page's first load, then its "
                + "median, 95th percentile and maximum with several clients at once.",
            "--data is a folder filled by 'parcours bench analytics --data DIR' (its events); surveys on every touchpoint "
                + "and --answers answers are added to it once."})
final class BenchPagesCommand implements Callable<Integer> {
    private static final String WORKSPACE = "bench-shop";
    private static final String MAP = "shop";
    private static final double TARGET_MILLIS = 150;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "The data folder of 'parcours bench analytics'.")
    Path data;

    @Option(names = "--answers", defaultValue = "1000000", description = "Answers to add once (default ${DEFAULT-VALUE}).")
    int answers;

    @Option(names = "--clients", defaultValue = "4", description = "Clients asking at the same time (default ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--rounds", defaultValue = "20", description = "Rounds of every page per client (default ${DEFAULT-VALUE}).")
    int rounds;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (answers < 0 || answers > 100_000_000 || clients < 1 || clients > 64 || rounds < 1 || rounds > 10_000) {
            throw ParcoursException.invalid("clients", "--answers must be from 0 to 100000000, --clients from 1 to 64 and "
                    + "--rounds from 1 to 10000");
        }
        if (!Files.exists(data.resolve(ParcoursStore.DATABASE_FILE))) {
            throw ParcoursException.invalid("data", data + " holds no database: fill it first with "
                    + "'parcours bench analytics --customers 1000000 --data " + data + "'");
        }
        PrintWriter out = spec.commandLine().getOut();
        Path marker = data.resolve("answers-" + answers);
        if (!Files.exists(marker)) {
            long start = System.nanoTime();
            PagesBenchmark.addAnswers(data, WORKSPACE, MAP, answers);
            Files.createFile(marker);
            out.printf(Locale.ROOT, "surveys added to every touchpoint and %,d answers written in %.1f s%n", answers,
                    (System.nanoTime() - start) / 1e9);
        }
        out.printf(Locale.ROOT, "%d clients x %d rounds over every page; %d cores, Java %s%n", clients, rounds,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        out.flush();
        PagesBenchmark.Result result = PagesBenchmark.run(data, WORKSPACE, MAP, clients, rounds);
        out.printf(Locale.ROOT, "%n| page | requests | first load | median | 95th percentile | max |%n|---|---:|---:|---:|---:|---:|%n");
        for (PagesBenchmark.PageTiming page : result.pages()) {
            out.printf(Locale.ROOT, "| `%s` | %d | %.0f ms | %.1f ms | %s%.1f ms%s | %.0f ms |%n", page.page(), page.requests(),
                    page.firstMillis(), page.medianMillis(), page.p95Millis() > TARGET_MILLIS ? "**" : "",
                    page.p95Millis(), page.p95Millis() > TARGET_MILLIS ? "**" : "", page.maxMillis());
        }
        long over = result.pages().stream().filter(page -> page.p95Millis() > TARGET_MILLIS).count();
        out.printf(Locale.ROOT, "%n%,d requests; 95th percentile of all: %.1f ms; pages over %.0f ms at the 95th percentile: %d%n",
                result.requests(), result.p95Millis(), TARGET_MILLIS, over);
        out.printf(Locale.ROOT, "DuckDB SQL, the map's score per touchpoint over the answers (median): %.1f ms%n",
                result.sqlMillis());
        result.leftOut().forEach(page -> out.println("left out: " + page));
        out.flush();
        return 0;
    }
}
