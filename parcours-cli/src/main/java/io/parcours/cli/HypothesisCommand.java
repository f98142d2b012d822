package io.parcours.cli;

import io.parcours.io.Json;
import io.parcours.model.ParcoursException;
import io.parcours.server.HypothesisTests;
import io.parcours.server.JourneyAnalyses;
import io.parcours.server.Journeys;
import io.parcours.store.HypothesisRecords;
import io.parcours.store.ParcoursStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * {@code parcours hypothesis}: the hypotheses board of a data folder (with the server stopped):
 * list, save from a JSON file (the body of the API's PUT), start, end, evaluate.
 */
@Command(name = "hypothesis", mixinStandardHelpOptions = true,
        description = "Hypotheses about changes, their tests and verdicts (see docs/measurement.md).",
        subcommands = {HypothesisCommand.ListCommand.class, HypothesisCommand.Save.class, HypothesisCommand.Start.class,
            HypothesisCommand.End.class, HypothesisCommand.Evaluate.class})
final class HypothesisCommand {
    private HypothesisCommand() {}

    /** What every hypothesis command takes. */
    abstract static class Base extends WorkspaceCommand {
        static String line(HypothesisRecords.Stored stored) {
            var h = stored.hypothesis();
            return String.format(Locale.ROOT, "%-20s %-8s %s: %s, %s %+.1f at %s/%s (%s)%n", h.key(), stored.state().id(),
                    h.test().id(), h.change(), h.metric().id(), h.expectedEffect(), h.map(), h.touchpoint(),
                    h.mapVersion().map(v -> "map version " + v).orElse("no map version"));
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The board: every hypothesis and its state.")
    static final class ListCommand extends Base {
        @Override
        public Integer call() throws Exception {
            List<HypothesisRecords.Stored> all;
            try (ParcoursStore store = data.open()) {
                all = store.hypotheses().all(DataFolder.workspace(store, workspace));
            }
            StringBuilder text = new StringBuilder();
            all.forEach(stored -> text.append(line(stored)));
            print(all, all.isEmpty() ? "No hypotheses.\n" : text.toString());
            return 0;
        }
    }

    @Command(name = "save", mixinStandardHelpOptions = true,
            description = "Create or replace a hypothesis from a JSON file (the body of PUT /api/workspaces/{ws}/hypotheses/{key}).")
    static final class Save extends Base {
        @Parameters(index = "0", paramLabel = "KEY", description = "The hypothesis's key.")
        String key;

        @Option(names = "--from", paramLabel = "FILE", required = true, description = "The JSON file.")
        Path file;

        @Override
        public Integer call() throws Exception {
            String text;
            try {
                text = Files.readString(file);
            } catch (IOException e) {
                throw ParcoursException.invalid("from", "cannot read " + file + ": " + e.getMessage());
            }
            com.fasterxml.jackson.databind.JsonNode body;
            try {
                body = Json.mapper().readTree(text);
            } catch (IOException e) {
                throw ParcoursException.invalid("from", file + " is not valid JSON: " + e.getMessage().lines().findFirst()
                        .orElse(""));
            }
            HypothesisRecords.Stored saved;
            try (ParcoursStore store = data.open()) {
                String target = DataFolder.workspace(store, workspace);
                saved = store.hypotheses().save(target, HypothesisTests.read(store, target, key, body), Instant.now());
            }
            print(saved, "Saved: " + line(saved));
            return 0;
        }
    }

    /** Moves a hypothesis along the board. */
    abstract static class Move extends Base {
        @Parameters(index = "0", paramLabel = "KEY")
        String key;

        abstract HypothesisRecords.State to();

        @Override
        public Integer call() throws Exception {
            HypothesisRecords.Stored moved;
            try (ParcoursStore store = data.open()) {
                moved = store.hypotheses().move(DataFolder.workspace(store, workspace), key, to(), Instant.now());
            }
            print(moved, line(moved));
            return 0;
        }
    }

    @Command(name = "start", mixinStandardHelpOptions = true, description = "Start testing a hypothesis.")
    static final class Start extends Move {
        @Override
        HypothesisRecords.State to() {
            return HypothesisRecords.State.RUNNING;
        }
    }

    @Command(name = "end", mixinStandardHelpOptions = true, description = "End the test of a hypothesis.")
    static final class End extends Move {
        @Override
        HypothesisRecords.State to() {
            return HypothesisRecords.State.ENDED;
        }
    }

    @Command(name = "evaluate", mixinStandardHelpOptions = true,
            description = "The metric per group, each against the first with its test, the cases needed, and the verdict.")
    static final class Evaluate extends Base {
        @Parameters(index = "0", paramLabel = "KEY")
        String key;

        @Override
        public Integer call() throws Exception {
            HypothesisTests.Evaluation evaluation;
            try (ParcoursStore store = data.open(); Journeys journeys = Journeys.follow(store)) {
                evaluation = new HypothesisTests(store, journeys, new JourneyAnalyses(store, journeys))
                        .evaluate(DataFolder.workspace(store, workspace), key);
            }
            StringBuilder text = new StringBuilder();
            text.append(evaluation.hypothesis()).append(": ").append(evaluation.verdict()).append(" (")
                    .append(evaluation.evidence()).append(")\n");
            for (HypothesisTests.Group group : evaluation.groups()) {
                text.append(String.format(Locale.ROOT, "  %-12s %,8d cases  %s %s%n", group.name(), group.cases(),
                        evaluation.metric(), group.value().map(v -> String.format(Locale.ROOT, "%.2f", v)).orElse("-")));
            }
            for (HypothesisTests.Comparison comparison : evaluation.comparisons()) {
                var d = comparison.difference();
                text.append(String.format(Locale.ROOT, "  %s against %s: %+.2f (95%% interval %+.2f to %+.2f), p = %.4f, %s: %s%n",
                        comparison.group(), evaluation.groups().get(0).name(), d.estimate(), d.low(), d.high(), d.pValue(),
                        d.test(), comparison.verdict()));
            }
            evaluation.neededPerGroup().ifPresent(n -> text.append(String.format(Locale.ROOT,
                    "  cases needed per group to see %+.1f: %,d%n", evaluation.expectedEffect(), n)));
            print(evaluation, text.toString());
            return 0;
        }
    }
}
