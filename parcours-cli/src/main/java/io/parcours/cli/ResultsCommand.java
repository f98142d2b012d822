package io.parcours.cli;

import io.parcours.model.ParcoursException;
import io.parcours.server.LoadedResults;
import io.parcours.store.ParcoursStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code parcours results}: results of analyses computed elsewhere (the Spark job, or
 * {@code analyze --json} on another data folder), loaded into a workspace of a data folder (with the
 * server stopped) to be shown in the dashboard; listed and deleted. A result is checked as
 * {@code POST /api/workspaces/{ws}/results} checks it, through the same {@link LoadedResults}.
 */
@Command(name = "results", mixinStandardHelpOptions = true,
        description = "Results of analyses computed elsewhere (the Spark job), loaded to be shown in the dashboard "
                + "(see docs/dashboard.md, Loaded results).",
        subcommands = {ResultsCommand.Load.class, ResultsCommand.ListCommand.class, ResultsCommand.Delete.class})
final class ResultsCommand {
    private ResultsCommand() {}

    /** One line per result, for people. */
    static String line(LoadedResults.LoadedResultSummary summary) {
        String parameters = summary.parameters().entrySet().stream()
                .map(entry -> entry.getKey() + "=" + entry.getValue()).collect(Collectors.joining(" "));
        String loadedAt = summary.loadedAt().toString().substring(0, 16).replace('T', ' ') + " UTC";
        return String.format(Locale.ROOT, "%-6d %-12s %-10s %s  loaded %s by %s%s%n", summary.id(), summary.kind(),
                summary.engine(), summary.label(), loadedAt, summary.loadedBy(),
                parameters.isEmpty() ? "" : "  (" + parameters + ")");
    }

    @Command(name = "load", mixinStandardHelpOptions = true,
            description = "Check a result (the JSON of 'parcours analyze KIND --json' or of the Spark job) and load it "
                    + "into the workspace.")
    static final class Load extends WorkspaceCommand {
        @Parameters(index = "0", paramLabel = "FILE", description = "The result's JSON file.")
        Path file;

        @Option(names = "--kind", paramLabel = "KIND", required = true,
                description = "The analysis: funnel, paths, process, attribution, conformance, touchpoints or abandonment.")
        String kind;

        @Option(names = "--label", paramLabel = "TEXT",
                description = "Its name in the list (default: the kind and when it was loaded).")
        String label;

        @Option(names = "--engine", paramLabel = "NAME", description = "What computed it (default: spark).")
        String engine;

        @Option(names = "--parameter", paramLabel = "NAME=VALUE",
                description = "A parameter the analysis ran with, such as map=amina-current or from=2026-11-01 (repeat it).")
        Map<String, String> parameters = new LinkedHashMap<>();

        @Option(names = "--author", paramLabel = "NAME", defaultValue = "${sys:user.name}",
                description = "Who loads it (default: your user name).")
        String author;

        @Override
        public Integer call() throws Exception {
            if (!LoadedResults.TYPES.containsKey(kind)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--kind must be one of "
                        + String.join(", ", LoadedResults.TYPES.keySet()) + ", not '" + kind + "'");
            }
            byte[] body = read(file);
            LoadedResults.LoadedResultSummary loaded;
            try (ParcoursStore store = data.open()) {
                loaded = new LoadedResults(store).load(DataFolder.workspace(store, workspace), new LoadedResults.Loading(
                        kind, Optional.ofNullable(label), Optional.ofNullable(engine), parameters, author), body,
                        Instant.now());
            }
            print(loaded, "Loaded: " + line(loaded));
            return 0;
        }

        private static byte[] read(Path file) {
            if (!Files.isRegularFile(file)) {
                throw ParcoursException.invalid("file", "there is no file " + file);
            }
            try (InputStream in = Files.newInputStream(file)) {
                return LoadedResults.readLimited(in, Files.size(file));
            } catch (IOException e) {
                throw ParcoursException.invalid("file", "cannot read " + file + ": " + e.getMessage());
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The loaded results, newest first.")
    static final class ListCommand extends WorkspaceCommand {
        @Override
        public Integer call() throws Exception {
            List<LoadedResults.LoadedResultSummary> all;
            try (ParcoursStore store = data.open()) {
                all = new LoadedResults(store).all(DataFolder.workspace(store, workspace));
            }
            StringBuilder text = new StringBuilder();
            all.forEach(summary -> text.append(line(summary)));
            print(all, all.isEmpty() ? "No loaded results.\n" : text.toString());
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a loaded result.")
    static final class Delete extends WorkspaceCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "The result's id, as the list gives it.")
        String id;

        @Override
        public Integer call() throws Exception {
            try (ParcoursStore store = data.open()) {
                new LoadedResults(store).delete(DataFolder.workspace(store, workspace), id);
            }
            spec.commandLine().getOut().println("Deleted loaded result " + id + ".");
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
