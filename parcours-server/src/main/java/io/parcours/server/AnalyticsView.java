package io.parcours.server;

import java.util.List;
import java.util.Optional;

/**
 * What one analytics page shows: the filters, headline figures, the options of its analysis, its
 * charts (each with its data as a table and a CSV link), and a notice when there is nothing to
 * analyse yet. Public only because the compiled templates read it.
 *
 * @param kind the analysis (funnel, paths, process...) or "overview"
 * @param notice what to do before there is anything to see (create a map, send events...), or ""
 */
public record AnalyticsView(String kind, AnalyticsFilters filters, List<Figure> figures, List<Option> options,
        List<Chart> charts, List<String> notes, String notice) {

    /** The analyses with a page, in the order of the page's tabs. */
    public static final List<String> KINDS = JourneyAnalyses.KINDS;

    public AnalyticsView {
        figures = List.copyOf(figures);
        options = List.copyOf(options);
        charts = List.copyOf(charts);
        notes = List.copyOf(notes);
    }

    /** A headline number with its label, both in the page's language. */
    public record Figure(String label, String value) {}

    /** A choice of the analysis beside the shared filters (attribution by channel or touchpoint...). */
    public record Option(String name, String label, String value, List<AnalyticsFilters.Choice> choices) {}

    /**
     * One chart: its name (of its CSV), title, how the script draws it ({@code bars}, {@code sankey},
     * {@code graph}, or "" for a table without a drawing), its data for the script as JSON that is
     * safe inside a script element, and its data as a table.
     *
     * @param highest the largest count of a transition (graph only: the top of the frequency slider)
     * @param transitions the number of transitions drawn (graph only)
     */
    public record Chart(String name, String title, String drawing, String data, AnalyticsTable table, String csv,
            long highest, int transitions) {}

    /** The page's chart named {@code name}. */
    Optional<Chart> chart(String name) {
        return charts.stream().filter(chart -> chart.name().equals(name)).findFirst();
    }

    public boolean hasNotice() {
        return !notice.isEmpty();
    }
}
