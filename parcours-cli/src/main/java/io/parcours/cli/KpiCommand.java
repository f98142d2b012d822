package io.parcours.cli;

import io.parcours.analytics.measure.Estimate;
import io.parcours.io.Json;
import io.parcours.server.JourneyAnalyses;
import io.parcours.server.Journeys;
import io.parcours.server.KpiTables;
import io.parcours.store.ParcoursStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code parcours kpi}: the KPI table of docs/measurement.md on a data folder (the server must be
 * stopped, as for every command that opens the folder), as a readable table or, with
 * {@code --json}, the JSON of {@code GET /api/workspaces/{ws}/kpis}.
 */
@Command(name = "kpi", mixinStandardHelpOptions = true,
        description = "Survey KPIs (NPS, CSAT, CES) with answers, response rate, 95%% interval, target and status, "
                + "by touchpoint, stage, map, persona or channel (see docs/measurement.md).")
final class KpiCommand implements Callable<Integer> {
    @Mixin
    DataFolder data;

    @Option(names = "--workspace", paramLabel = "KEY", description = "The workspace; needed when there are several.")
    String workspace;

    @Option(names = "--map", paramLabel = "KEY", description = "The map (needed by touchpoint and stage).")
    String map;

    @Option(names = "--by", paramLabel = "GROUP", description = "touchpoint (default with a map), stage, map, persona or channel.")
    String by;

    @Option(names = "--from", paramLabel = "DATE", description = "Only answers from this date (2026-03-01) or instant, UTC.")
    String from;

    @Option(names = "--to", paramLabel = "DATE", description = "Only answers up to this date (included) or before this instant.")
    String to;

    @Option(names = "--period", paramLabel = "PERIOD", description = "day, week or month: a row per group and period.")
    String period;

    @Option(names = "--min-answers", paramLabel = "N", description = "Fewer answers are 'not enough' (default 30).")
    Integer minAnswers;

    @Option(names = "--json", description = "Print the JSON of the API instead of a table.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Map<String, String> parameters = new LinkedHashMap<>();
        AnalyzeCommand.Analysis.put(parameters, "map", map);
        AnalyzeCommand.Analysis.put(parameters, "by", by);
        AnalyzeCommand.Analysis.put(parameters, "from", from);
        AnalyzeCommand.Analysis.put(parameters, "to", to);
        AnalyzeCommand.Analysis.put(parameters, "period", period);
        AnalyzeCommand.Analysis.put(parameters, "minAnswers", minAnswers);
        KpiTables.KpiTable table;
        try (ParcoursStore store = data.open(); Journeys journeys = Journeys.follow(store)) {
            String target = DataFolder.workspace(store, workspace);
            table = new KpiTables(store, new JourneyAnalyses(store, journeys)).table(target, parameters);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(table));
        } else {
            out.print(render(table));
        }
        out.flush();
        return 0;
    }

    static String render(KpiTables.KpiTable table) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {table.by(), "period", "KPI", "answers", "response", "value", "95% interval", "target", "status"});
        for (KpiTables.KpiRow row : table.rows()) {
            String period = row.period().map(instant -> instant.toString().substring(0, 10)).orElse("");
            if (row.kpis().isEmpty()) {
                rows.add(new String[] {row.name(), period, "", "0", "", "", "", "", "no answers"});
            }
            for (KpiTables.KpiValue kpi : row.kpis()) {
                rows.add(new String[] {row.name(), period, kpi.metric().label(), String.format(Locale.ROOT, "%,d", kpi.answers()),
                        kpi.responseRate().map(rate -> String.format(Locale.ROOT, "%.1f%%", rate)).orElse(""),
                        kpi.estimate().map(e -> number(e.value())).orElse("not enough answers"),
                        kpi.estimate().map(KpiCommand::interval).orElse(""),
                        kpi.target().map(KpiCommand::number).orElse(""), kpi.status().id()});
            }
        }
        StringBuilder out = new StringBuilder();
        out.append("KPIs of ").append(table.workspace()).append(table.map().map(m -> ", map " + m).orElse(""))
                .append(", by ").append(table.by()).append(table.period().map(p -> " and " + p).orElse(""))
                .append(" (at least ").append(table.minimumAnswers()).append(" answers for a value)\n");
        AnalysisTables.table(rows, out);
        return out.toString();
    }

    private static String interval(Estimate estimate) {
        return number(estimate.low()) + " to " + number(estimate.high());
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
