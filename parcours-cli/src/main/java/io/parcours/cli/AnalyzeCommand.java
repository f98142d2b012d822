package io.parcours.cli;

import io.parcours.analytics.Attribution;
import io.parcours.io.Json;
import io.parcours.io.imports.AttributionPathFile;
import io.parcours.model.ParcoursException;
import io.parcours.server.JourneyAnalyses;
import io.parcours.server.Journeys;
import io.parcours.store.ParcoursStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code parcours analyze KIND}: the analyses of docs/analytics.md on a data folder, as readable
 * tables or, with {@code --json}, the JSON of the REST API. Options are the API's parameters.
 */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = "Analyse the journeys of a data folder: funnel, paths, process, attribution, conformance, "
                + "touchpoints, abandonment (see docs/analytics.md).",
        subcommands = {AnalyzeCommand.Funnel.class, AnalyzeCommand.PathsCommand.class, AnalyzeCommand.Process.class,
            AnalyzeCommand.AttributionCommand.class, AnalyzeCommand.ConformanceCommand.class,
            AnalyzeCommand.Touchpoints.class, AnalyzeCommand.AbandonmentCommand.class})
final class AnalyzeCommand {
    private AnalyzeCommand() {}

    /** What every analysis takes: the data folder, the workspace, the filters and the output. */
    abstract static class Analysis implements Callable<Integer> {
        @Mixin
        DataFolder data;

        @Option(names = "--workspace", paramLabel = "KEY", description = "The workspace; needed when there are several.")
        String workspace;

        @Option(names = "--map", paramLabel = "KEY", description = "The map whose touchpoints are the steps.")
        String map;

        @Option(names = "--from", paramLabel = "DATE", description = "Only events from this date (2026-03-01) or instant, UTC.")
        String from;

        @Option(names = "--to", paramLabel = "DATE", description = "Only events up to this date (included) or before this instant.")
        String to;

        @Option(names = "--persona", paramLabel = "KEY", description = "Only customers of this persona.")
        String persona;

        @Option(names = "--channel", paramLabel = "ID", description = "Only customers with an event on a touchpoint of this channel.")
        String channel;

        @Option(names = "--source", paramLabel = "KEY", description = "Only customers with an event from this source.")
        String source;

        @Option(names = "--trait", paramLabel = "KEY=VALUE", description = "Only customers with this trait.")
        String trait;

        @Option(names = "--property", paramLabel = "KEY=VALUE", description = "Only customers with an event with this property.")
        String property;

        @Option(names = "--value-property", paramLabel = "NAME", description = "The property holding a conversion's value (default revenue).")
        String valueProperty;

        @Option(names = "--max-journey-events", paramLabel = "N",
                description = "Leave out journeys with more events than this: bots, shared devices (default 1000000).")
        Integer maxJourneyEvents;

        @Option(names = "--json", description = "Print the JSON of docs/analytics.md instead of tables.")
        boolean json;

        @Spec
        CommandSpec spec;

        /** The analysis's name in the API. */
        abstract String kind();

        /** Adds the analysis's own options, under their API names. */
        abstract void options(Map<String, String> parameters);

        @Override
        public Integer call() throws Exception {
            Map<String, String> parameters = new LinkedHashMap<>();
            put(parameters, "map", map);
            put(parameters, "from", from);
            put(parameters, "to", to);
            put(parameters, "persona", persona);
            put(parameters, "channel", channel);
            put(parameters, "source", source);
            put(parameters, "trait", trait);
            put(parameters, "property", property);
            put(parameters, "valueProperty", valueProperty);
            put(parameters, "maxJourneyEvents", maxJourneyEvents);
            options(parameters);
            Object result;
            try (ParcoursStore store = data.open(); Journeys journeys = Journeys.follow(store)) {
                String target = DataFolder.workspace(store, workspace);
                result = new JourneyAnalyses(store, journeys).run(kind(), target, parameters);
            }
            print(result);
            return 0;
        }

        void print(Object result) throws Exception {
            if (json) {
                spec.commandLine().getOut().println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(result));
            } else {
                spec.commandLine().getOut().print(AnalysisTables.render(result));
            }
            spec.commandLine().getOut().flush();
        }

        static void put(Map<String, String> parameters, String name, Object value) {
            if (value != null) {
                parameters.put(name, String.valueOf(value));
            }
        }
    }

    @Command(name = "funnel", mixinStandardHelpOptions = true, description = "Customers reaching each stage of the map in order.")
    static final class Funnel extends Analysis {
        @Option(names = "--window-days", paramLabel = "DAYS", description = "The conversion window (default 30).")
        Integer windowDays;

        @Option(names = "--strict", description = "Strict order: an event of another stage breaks a run.")
        boolean strict;

        @Option(names = "--breakdown", paramLabel = "BY", description = "persona, touchpoint (the first), channel, property.KEY or trait.KEY.")
        String breakdown;

        @Option(names = "--top", paramLabel = "N", description = "Groups shown in a breakdown (default 5).")
        Integer top;

        @Override
        String kind() {
            return "funnel";
        }

        @Override
        void options(Map<String, String> parameters) {
            put(parameters, "windowDays", windowDays);
            put(parameters, "strict", strict ? "true" : null);
            put(parameters, "breakdown", breakdown);
            put(parameters, "top", top);
        }
    }

    @Command(name = "paths", mixinStandardHelpOptions = true, description = "The paths customers take, for a Sankey.")
    static final class PathsCommand extends Analysis {
        @Option(names = "--start", paramLabel = "STEP", description = "The touchpoint (or activity) paths start from.")
        String start;

        @Option(names = "--end", paramLabel = "STEP", description = "The touchpoint (or activity) paths go towards.")
        String end;

        @Option(names = "--session-minutes", paramLabel = "MINUTES", description = "Cut journeys into sessions.")
        Integer sessionMinutes;

        @Option(names = "--collapse", description = "Count consecutive repeats of a step once.")
        boolean collapse;

        @Option(names = "--steps", paramLabel = "K", description = "Positions shown (default 5).")
        Integer steps;

        @Option(names = "--nodes", paramLabel = "M", description = "Steps shown per position, the rest as Other (default 10).")
        Integer nodes;

        @Override
        String kind() {
            return "paths";
        }

        @Override
        void options(Map<String, String> parameters) {
            put(parameters, "start", start);
            put(parameters, "end", end);
            put(parameters, "sessionMinutes", sessionMinutes);
            put(parameters, "collapse", collapse ? "true" : null);
            put(parameters, "steps", steps);
            put(parameters, "nodes", nodes);
        }
    }

    @Command(name = "process", mixinStandardHelpOptions = true,
            description = "Directly-follows graph, activities, start and end, variants.")
    static final class Process extends Analysis {
        @Option(names = "--min-frequency", paramLabel = "N", description = "Leave out what is seen fewer times (default 1).")
        Long minFrequency;

        @Option(names = "--variants", paramLabel = "N", description = "The most frequent variants listed (default 100).")
        Integer variants;

        @Override
        String kind() {
            return "process";
        }

        @Override
        void options(Map<String, String> parameters) {
            put(parameters, "minFrequency", minFrequency);
            put(parameters, "variants", variants);
        }
    }

    @Command(name = "attribution", mixinStandardHelpOptions = true,
            description = {"Conversions and value attributed to channels or touchpoints.",
                "With --paths FILE, attributes the paths of a ChannelAttribution file instead of a data folder."})
    static final class AttributionCommand extends Analysis {
        @Option(names = "--model", paramLabel = "MODEL",
                description = "first, last, linear, time-decay, position, markov (default) or shapley.")
        String model;

        @Option(names = "--by", paramLabel = "BY", description = "channel (default) or touchpoint.")
        String by;

        @Option(names = "--lookback-days", paramLabel = "DAYS", description = "Touches older than this do not count (default 30).")
        Integer lookbackDays;

        @Option(names = "--half-life-days", paramLabel = "DAYS", description = "Half-life of the time-decay model (default 7).")
        Integer halfLifeDays;

        @Option(names = "--paths", paramLabel = "FILE",
                description = "A path file (path;total_conversions;total_conversion_value;total_null).")
        Path paths;

        @Override
        String kind() {
            return "attribution";
        }

        @Override
        void options(Map<String, String> parameters) {
            put(parameters, "model", model);
            put(parameters, "by", by);
            put(parameters, "lookbackDays", lookbackDays);
            put(parameters, "halfLifeDays", halfLifeDays);
        }

        @Override
        public Integer call() throws Exception {
            if (paths == null) {
                return super.call();
            }
            if (map != null || by != null || from != null || to != null || persona != null || channel != null
                    || source != null || trait != null || property != null || lookbackDays != null || halfLifeDays != null
                    || maxJourneyEvents != null) {
                throw ParcoursException.invalid("paths", "--paths works alone with --model: a path file has no map, "
                        + "times or customers to filter");
            }
            Attribution.Model chosen;
            try {
                chosen = Attribution.Model.of(model == null ? "markov" : model);
            } catch (IllegalArgumentException e) {
                throw ParcoursException.invalid("model", e.getMessage());
            }
            Attribution.Result result;
            try {
                result = Attribution.attribute(AttributionPathFile.read(paths), chosen, null);
            } catch (IllegalArgumentException e) {
                throw ParcoursException.invalid("model", e.getMessage());
            }
            print(result);
            return 0;
        }
    }

    @Command(name = "conformance", mixinStandardHelpOptions = true,
            description = "How journeys follow the designed stage order; what is off the map.")
    static final class ConformanceCommand extends Analysis {
        @Override
        String kind() {
            return "conformance";
        }

        @Override
        void options(Map<String, String> parameters) {
            // none of its own
        }
    }

    @Command(name = "touchpoints", mixinStandardHelpOptions = true,
            description = "Key touchpoints: reach, conversion with and without, drop-off after, attribution share.")
    static final class Touchpoints extends Analysis {
        @Option(names = "--model", paramLabel = "MODEL", description = "The attribution model for the share (default markov).")
        String model;

        @Option(names = "--lookback-days", paramLabel = "DAYS", description = "Attribution lookback (default 30).")
        Integer lookbackDays;

        @Option(names = "--half-life-days", paramLabel = "DAYS", description = "Half-life of the time-decay model (default 7).")
        Integer halfLifeDays;

        @Override
        String kind() {
            return "touchpoints";
        }

        @Override
        void options(Map<String, String> parameters) {
            put(parameters, "model", model);
            put(parameters, "lookbackDays", lookbackDays);
            put(parameters, "halfLifeDays", halfLifeDays);
        }
    }

    @Command(name = "abandonment", mixinStandardHelpOptions = true,
            description = "Journeys that showed intent and did not convert within the window.")
    static final class AbandonmentCommand extends Analysis {
        @Option(names = "--intent", paramLabel = "TOUCHPOINT", description = "The touchpoint that shows intent (required).")
        String intent;

        @Option(names = "--window-days", paramLabel = "DAYS", description = "Days to convert after the intent (default 7).")
        Integer windowDays;

        @Option(names = "--limit", paramLabel = "N", description = "Abandoned customers listed (default 100).")
        Integer limit;

        @Override
        String kind() {
            return "abandonment";
        }

        @Override
        void options(Map<String, String> parameters) {
            put(parameters, "intent", intent);
            put(parameters, "windowDays", windowDays);
            put(parameters, "limit", limit);
        }
    }
}
