package io.parcours.server;

import io.parcours.analytics.JourneyIndex;
import io.parcours.store.EventLog;
import io.parcours.store.ParcoursStore;
import io.parcours.store.Timings;
import io.parcours.store.WorkspaceSummary;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.Locale;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The server's metrics in the Prometheus text format ({@code GET /metrics}, docs/operations.md):
 * requests and their latency by route, events stored, waiting and not yet loaded, the journey
 * index of each workspace, and the JVM's memory. Request figures are counted as requests end;
 * the others are read when scraped. Thread-safe; counting a request costs a few atomic additions.
 */
final class ServerMetrics {
    /** Latency buckets, in seconds: the dashboard's target is 0.15 s at the 95th percentile. */
    private static final double[] BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.25, 0.5, 1, 2.5, 5, 10};

    private final ParcoursStore store;
    private final Journeys journeys;
    private final FiguresCache figures;
    private final long started = System.nanoTime();
    /** Each route's figures, found by the route's endpoint (or the method, for paths no route serves). */
    private final ConcurrentHashMap<Object, RouteFigures> routes = new ConcurrentHashMap<>();

    /** One route's figures: requests by status class, and their latencies. Its labels are written once. */
    private static final class RouteFigures {
        final String labels;
        final LongAdder[] byStatusClass = new LongAdder[6];
        final Timings latencies = new Timings(BUCKETS);

        RouteFigures(String method, String route) {
            labels = "method=\"" + method + "\",route=\"" + escape(route) + "\"";
            for (int c = 0; c < byStatusClass.length; c++) {
                byStatusClass[c] = new LongAdder();
            }
        }
    }

    ServerMetrics(ParcoursStore store, Journeys journeys, FiguresCache figures) {
        this.store = store;
        this.journeys = journeys;
        this.figures = figures;
    }

    /**
     * Counts a request that ended: its route's endpoint ({@code key}, any object that stands for one
     * method and path pattern), its method and path pattern (such as {@code /api/workspaces/{ws}/maps};
     * "unmatched" for a path no route serves, so that scanners do not make a label per path), its
     * status and how long it took. Costs two map lookups and a few atomic additions.
     */
    void record(Object key, String method, String route, int status, long nanos) {
        RouteFigures figures = routes.get(key);
        if (figures == null) {
            figures = routes.computeIfAbsent(key, k -> new RouteFigures(method, route));
        }
        figures.byStatusClass[Math.min(5, Math.max(0, status / 100))].increment();
        figures.latencies.record(nanos);
    }

    /** Every metric, in the Prometheus text exposition format (version 0.0.4). */
    String text() {
        StringBuilder out = new StringBuilder(8192);
        TreeMap<String, RouteFigures> byLabels = new TreeMap<>();
        routes.values().forEach(figures -> byLabels.merge(figures.labels, figures, (a, b) -> a));
        header(out, "parcours_http_requests_total", "counter", "HTTP requests that ended, by method, route and status class.");
        byLabels.forEach((labels, figures) -> {
            for (int c = 1; c < figures.byStatusClass.length; c++) {
                long count = figures.byStatusClass[c].sum();
                if (count > 0) {
                    sample(out, "parcours_http_requests_total", labels + ",status=\"" + c + "xx\"", count);
                }
            }
        });
        header(out, "parcours_http_request_duration_seconds", "histogram", "How long HTTP requests took, by method and route.");
        byLabels.forEach((labels, figures) -> histogram(out, "parcours_http_request_duration_seconds", labels,
                figures.latencies));

        EventLog.Stats events = store.events().stats();
        header(out, "parcours_events_stored_total", "counter",
                "Events stored on disk (acknowledged); rate() of it is the ingestion rate.");
        sample(out, "parcours_events_stored_total", null, events.stored());
        header(out, "parcours_events_pending", "gauge", "Events accepted and waiting to be written: the ingestion queue.");
        sample(out, "parcours_events_pending", null, events.pending());
        header(out, "parcours_events_pending_max", "gauge", "The most events that may wait; beyond, senders get 429.");
        sample(out, "parcours_events_pending_max", null, events.maxPending());
        header(out, "parcours_events_load_lag", "gauge",
                "Events written to the journal and not yet loaded into the database: how far queries are behind.");
        sample(out, "parcours_events_load_lag", null, events.loadLag());
        header(out, "parcours_journal_sync_seconds", "histogram",
                "How long each group commit took to write its events to the journal and force them to disk.");
        histogram(out, "parcours_journal_sync_seconds", null, store.events().journalSyncs());
        header(out, "parcours_events_load_seconds", "histogram",
                "How long each load of journaled events into the database took, its commit included.");
        histogram(out, "parcours_events_load_seconds", null, store.events().loads());
        io.parcours.store.DiskSpace disk = store.events().disk();
        header(out, "parcours_disk_free_bytes", "gauge",
                "Free bytes on the disk holding the data folder; ingestion stops at the reserve.");
        sample(out, "parcours_disk_free_bytes", null, disk.free());
        header(out, "parcours_disk_reserve_bytes", "gauge", "Bytes kept free for the database: below, ingestion answers 503.");
        sample(out, "parcours_disk_reserve_bytes", null, disk.reserve());

        header(out, "parcours_journey_index_events", "gauge", "Events taken into the journey index, by workspace.");
        StringBuilder customers = new StringBuilder();
        StringBuilder bytes = new StringBuilder();
        for (WorkspaceSummary workspace : store.workspaces()) {
            // The index as last built: a scrape never builds one (events arrived since are counted, not indexed).
            JourneyIndex index = journeys.built(workspace.key());
            String labels = "workspace=\"" + escape(workspace.key()) + "\"";
            sample(out, "parcours_journey_index_events", labels, journeys.taken(workspace.key()));
            sample(customers, "parcours_journey_index_customers", labels, index.customerCount());
            bytes.append("parcours_journey_index_bytes{").append(labels).append("} ")
                    .append(index.heldBytes()).append('\n');
        }
        header(out, "parcours_journey_index_customers", "gauge", "Customers (ids stitched into people) in the journey index.");
        out.append(customers);
        header(out, "parcours_journey_index_bytes", "gauge", "Memory held by the journey index's arrays, in bytes, with the room kept for arriving events.");
        out.append(bytes);
        header(out, "parcours_figures_refreshing", "gauge",
                "Sets of figures (analyses, KPI tables) waiting for their background refresh or being refreshed.");
        sample(out, "parcours_figures_refreshing", null, figures.refreshing());

        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        header(out, "jvm_memory_used_bytes", "gauge", "Memory used by the JVM.");
        sample(out, "jvm_memory_used_bytes", "area=\"heap\"", heap.getUsed());
        header(out, "jvm_memory_max_bytes", "gauge", "The most memory the JVM may use.");
        sample(out, "jvm_memory_max_bytes", "area=\"heap\"", heap.getMax());
        header(out, "process_uptime_seconds", "gauge", "Seconds since the server started.");
        out.append("process_uptime_seconds ").append(number((System.nanoTime() - started) / 1e9)).append('\n');
        return out.toString();
    }

    /** A histogram's samples: a {@code _bucket} per bound and {@code +Inf}, then {@code _sum} and {@code _count}. */
    private static void histogram(StringBuilder out, String name, String labels, Timings timings) {
        double[] bounds = timings.bounds();
        long[] counts = timings.cumulativeCounts();
        String prefix = labels == null ? "" : labels + ",";
        for (int b = 0; b < bounds.length; b++) {
            sample(out, name + "_bucket", prefix + "le=\"" + number(bounds[b]) + "\"", counts[b]);
        }
        long count = counts[bounds.length];
        sample(out, name + "_bucket", prefix + "le=\"+Inf\"", count);
        out.append(name).append("_sum");
        if (labels != null) {
            out.append('{').append(labels).append('}');
        }
        out.append(' ').append(number(timings.sumNanos() / 1e9)).append('\n');
        sample(out, name + "_count", labels, count);
    }

    private static void header(StringBuilder out, String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void sample(StringBuilder out, String name, String labels, long value) {
        out.append(name);
        if (labels != null) {
            out.append('{').append(labels).append('}');
        }
        out.append(' ').append(value).append('\n');
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%s", value);
    }

    /** A label value as the format wants it: backslash, double quote and line feed escaped. */
    static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
