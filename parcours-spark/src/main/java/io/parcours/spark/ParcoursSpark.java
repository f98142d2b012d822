package io.parcours.spark;

import io.parcours.analytics.AnalysisRequest;
import io.parcours.io.Json;
import io.parcours.model.ErrorCode;
import io.parcours.model.ParcoursException;
import io.parcours.model.Problem;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The Spark job's command line: {@code spark-submit --class io.parcours.spark.ParcoursSpark
 * parcours-spark-job.jar KIND --events PATH --map-file FILE [NAME=VALUE...]} runs one analysis
 * over Parquet event files and writes the JSON of {@code parcours analyze KIND --json}. The
 * analysis's parameters are those of the API and of {@code parcours analyze}, written
 * {@code name=value} (see docs/spark.md).
 */
@Command(name = "parcours-spark", mixinStandardHelpOptions = true, versionProvider = ParcoursSpark.Version.class,
        description = {"Runs an analysis of Parcours on Apache Spark over Parquet event files (docs/spark.md).",
            "KIND is funnel, paths, process, attribution, conformance, touchpoints or abandonment; the other",
            "parameters are the API's, as name=value: map=checkout windowDays=14 breakdown=channel from=2026-03-01."})
public final class ParcoursSpark implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "KIND", description = "The analysis.")
    String kind;

    @Parameters(index = "1..*", paramLabel = "NAME=VALUE", description = "The analysis's parameters, as in the API.")
    List<String> parameters = new ArrayList<>();

    @Option(names = "--events", required = true, split = ",", paramLabel = "PATH",
            description = "Parquet event files: files, folders or patterns, comma-separated (hdfs://, s3a:// and file paths).")
    List<String> events;

    @Option(names = "--map-file", paramLabel = "FILE", description = "The map file holding the map (and the personas).")
    Path mapFile;

    @Option(names = "--data", paramLabel = "DIR", description = "Or a Parcours data folder holding the map.")
    Path data;

    @Option(names = "--map", paramLabel = "KEY", description = "The map whose touchpoints are the steps (same as map=KEY).")
    String map;

    @Option(names = "--workspace", paramLabel = "KEY",
            description = "The workspace: selects its maps in a data folder and its events when the files hold several.")
    String workspace;

    @Option(names = "--out", paramLabel = "FILE", description = "Where to write the JSON answer (default: standard output).")
    Path out;

    @Option(names = "--master", paramLabel = "URL",
            description = "The Spark master when not run by spark-submit, such as local[2] (default: local[*]).")
    String master;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "0",
            description = "Partitions to group journeys into (default: 4 per core of the cluster).")
    int partitions;

    @Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        int code = run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Runs the command line with these writers and returns the exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine line = new CommandLine(new ParcoursSpark());
        line.setOut(out);
        line.setErr(err);
        line.setExecutionExceptionHandler((error, command, parseResult) -> {
            command.getErr().println(describe(error));
            command.getErr().flush();
            return error instanceof ParcoursException parcours ? parcours.code().exitCode() : ErrorCode.INTERNAL.exitCode();
        });
        line.setParameterExceptionHandler((error, arguments) -> {
            error.getCommandLine().getErr().println("parcours-spark: " + error.getMessage() + " (see 'parcours-spark --help')");
            error.getCommandLine().getErr().flush();
            return 2;
        });
        return line.execute(args);
    }

    @Override
    public Integer call() throws Exception {
        Map<String, String> named = new LinkedHashMap<>();
        for (String parameter : parameters) {
            int at = parameter.indexOf('=');
            if (at <= 0) {
                throw ParcoursException.invalid("parameters", "write the analysis's parameters as name=value, such as "
                        + "windowDays=14, not '" + parameter + "'");
            }
            named.put(parameter.substring(0, at), parameter.substring(at + 1));
        }
        if (map != null) {
            named.put("map", map);
        }
        AnalysisRequest request = AnalysisRequest.of(kind, named);
        if ((mapFile == null) == (data == null)) {
            throw ParcoursException.invalid("map-file", "give the map with either --map-file FILE or --data DIR");
        }
        if (out != null && out.getParent() != null && !Files.isDirectory(out.getParent())) {
            throw ParcoursException.notFound("the folder of --out does not exist: " + out.getParent());
        }
        MapSource source = mapFile != null
                ? MapSource.fromFile(mapFile, request.mapKey(), Optional.ofNullable(workspace))
                : MapSource.fromDataFolder(data, request.mapKey(), Optional.ofNullable(workspace));
        boolean existed = SparkSession.getActiveSession().isDefined() || SparkSession.getDefaultSession().isDefined();
        SparkSession spark = SparkSessions.submittedOrLocal(master);
        try {
            int chosen = partitions > 0 ? partitions : 4 * spark.sparkContext().defaultParallelism();
            long started = System.nanoTime();
            SparkAnalyses analyses = new SparkAnalyses(spark, chosen);
            SparkAnalyses.Outcome outcome = analyses.run(analyses.events(events.toArray(String[]::new)), request, source);
            String json = Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(outcome.result());
            if (out == null) {
                spec.commandLine().getOut().println(json);
                spec.commandLine().getOut().flush();
            } else {
                Files.writeString(out, json + System.lineSeparator());
            }
            PrintWriter err = spec.commandLine().getErr();
            err.println(String.format(Locale.ROOT, "parcours-spark: %s on %,d events of %,d journeys in %.1f s (%d partitions)%s",
                    kind, outcome.events(), outcome.journeys(), (System.nanoTime() - started) / 1e9, chosen,
                    out == null ? "" : "; written to " + out));
            if (!outcome.leftOut().isEmpty()) {
                SparkAnalyses.GiantJourney first = outcome.leftOut().get(0);
                err.println(String.format(Locale.ROOT, "parcours-spark: left out %,d journey(s) of more than %,d events, "
                        + "the largest %s with %,d (maxJourneyEvents; see docs/spark.md)", outcome.leftOut().size(),
                        request.maxJourneyEvents(), first.customer(), first.events()));
            }
            err.flush();
            return 0;
        } finally {
            if (!existed) {
                spark.stop();
            }
        }
    }

    private static String describe(Exception error) {
        if (error instanceof ParcoursException parcours) {
            StringBuilder lines = new StringBuilder();
            for (Problem problem : parcours.problems().size() > 1 ? parcours.problems() : List.<Problem>of()) {
                lines.append(lines.length() > 0 ? System.lineSeparator() : "").append("parcours-spark: ").append(problem);
            }
            return lines.length() > 0 ? lines.toString() : "parcours-spark: " + parcours.getMessage();
        }
        return "parcours-spark: unexpected failure: " + error;
    }

    /** The version from the job jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = ParcoursSpark.class.getPackage().getImplementationVersion();
            return new String[] {"parcours-spark " + (version == null ? "development" : version)};
        }
    }
}
