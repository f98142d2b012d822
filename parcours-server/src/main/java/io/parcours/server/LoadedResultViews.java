package io.parcours.server;

import java.util.List;

/**
 * What the pages of loaded results show ({@link LoadedResultsPages}), with their words already in
 * the page's language. Public only because the compiled templates read them; every text is escaped
 * by the templates.
 */
public final class LoadedResultViews {
    private LoadedResultViews() {}

    /** The list of loaded results, and how to make one. */
    public record ListView(String base, List<Row> rows, boolean deleted) {
        public ListView {
            rows = List.copyOf(rows);
        }
    }

    /** One loaded result in the list, its words in the page's language. */
    public record Row(LoadedResults.LoadedResultSummary summary, String kind, String link, String loadedAt) {}

    /**
     * One loaded result's page: its summary, when it was loaded in the page's language, and the
     * analysis page made from it.
     */
    public record ResultView(LoadedResults.LoadedResultSummary summary, String kind, String loadedAt, String list,
            AnalyticsView analysis) {}
}
