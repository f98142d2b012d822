package io.parcours.cli;

import io.parcours.analytics.Attribution;
import io.parcours.analytics.Conformance;
import io.parcours.analytics.Durations;
import io.parcours.analytics.Funnel;
import io.parcours.analytics.KeyTouchpoints;
import io.parcours.analytics.Paths;
import io.parcours.analytics.ProcessView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The answers of the analyses as plain-text tables for a terminal: the same figures as the JSON, fewer of the long lists. */
final class AnalysisTables {
    private static final int ROWS = 20;

    private AnalysisTables() {}

    static String render(Object result) {
        StringBuilder out = new StringBuilder();
        if (result instanceof Funnel.Result funnel) {
            funnel(funnel, out);
        } else if (result instanceof Paths.Result paths) {
            paths(paths, out);
        } else if (result instanceof ProcessView.Result process) {
            process(process, out);
        } else if (result instanceof Attribution.Result attribution) {
            attribution(attribution, out);
        } else if (result instanceof Conformance.Result conformance) {
            conformance(conformance, out);
        } else if (result instanceof KeyTouchpoints.Result touchpoints) {
            touchpoints(touchpoints, out);
        } else if (result instanceof io.parcours.analytics.AbandonmentView abandonment) {
            abandonment(abandonment, out);
        } else {
            throw new IllegalArgumentException("no table for " + result.getClass());
        }
        return out.toString();
    }

    private static void funnel(Funnel.Result result, StringBuilder out) {
        out.append(String.format(Locale.ROOT, "Funnel, %s order, window %s%n", result.strict() ? "strict" : "relaxed",
                duration(result.windowMillis())));
        group(result.all(), out);
        for (Funnel.Group group : result.groups()) {
            out.append(System.lineSeparator()).append(group.name()).append(System.lineSeparator());
            group(group, out);
        }
    }

    private static void group(Funnel.Group group, StringBuilder out) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"stage", "customers", "of entered", "of previous", "dropped"});
        for (Funnel.Stage stage : group.stages()) {
            rows.add(new String[] {stage.name(), count(stage.customers()), percent(stage.fromStart()),
                percent(stage.fromPrevious()), count(stage.dropOff())});
        }
        table(rows, out);
        Durations time = group.timeToConvert();
        if (time.count() > 0) {
            out.append(String.format(Locale.ROOT, "time to convert: median %s, 90th percentile %s (%s customers)%n",
                    duration(time.medianMillis()), duration(time.p90Millis()), count(time.count())));
        }
    }

    private static void paths(Paths.Result result, StringBuilder out) {
        out.append(String.format(Locale.ROOT, "%s paths%s%n", count(result.paths()), result.backwards()
                ? ", read backwards from the end step" : ""));
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"position", "step", "paths"});
        result.nodes().forEach(node -> rows.add(new String[] {String.valueOf(node.position()), node.name(), count(node.count())}));
        table(rows, out);
        out.append(System.lineSeparator());
        List<String[]> links = new ArrayList<>();
        links.add(new String[] {"position", "from", "to", "paths"});
        result.links().stream().limit(ROWS * 2L).forEach(link -> links.add(new String[] {String.valueOf(link.position()),
            link.from(), link.to(), count(link.count())}));
        table(links, out);
    }

    private static void process(ProcessView.Result result, StringBuilder out) {
        out.append(String.format(Locale.ROOT, "%s cases, %s events, %s variants%n", count(result.cases()),
                count(result.events()), count(result.variantCount())));
        List<String[]> activities = new ArrayList<>();
        activities.add(new String[] {"activity", "events", "cases", "starts", "ends"});
        result.activities().stream().limit(ROWS).forEach(activity -> activities.add(new String[] {activity.name(),
            count(activity.events()), count(activity.cases()), count(result.start().getOrDefault(activity.name(), 0L)),
            count(result.end().getOrDefault(activity.name(), 0L))}));
        table(activities, out);
        out.append(System.lineSeparator());
        List<String[]> edges = new ArrayList<>();
        edges.add(new String[] {"from", "to", "count"});
        result.edges().stream().limit(ROWS).forEach(edge -> edges.add(new String[] {edge.from(), edge.to(), count(edge.count())}));
        table(edges, out);
        out.append(System.lineSeparator());
        List<String[]> variants = new ArrayList<>();
        variants.add(new String[] {"cases", "variant"});
        result.variants().stream().limit(10).forEach(variant -> variants.add(new String[] {count(variant.cases()),
            abbreviate(String.join(" > ", variant.steps()))}));
        table(variants, out);
    }

    private static void attribution(Attribution.Result result, StringBuilder out) {
        out.append(String.format(Locale.ROOT, "%s model: %s conversions, value %s", result.model(),
                number(result.conversions()), number(result.value())));
        if (result.unattributedConversions() > 0) {
            out.append(String.format(Locale.ROOT, " (and %s with no touch before them)", number(result.unattributedConversions())));
        }
        out.append(System.lineSeparator());
        boolean markov = result.channels().stream().anyMatch(credit -> credit.removalEffect() != null);
        List<String[]> rows = new ArrayList<>();
        rows.add(markov ? new String[] {"channel", "conversions", "value", "removal effect"}
                : new String[] {"channel", "conversions", "value"});
        for (Attribution.Credit credit : result.channels()) {
            rows.add(markov ? new String[] {credit.channel(), number(credit.conversions()), number(credit.value()),
                percent(credit.removalEffect())} : new String[] {credit.channel(), number(credit.conversions()),
                number(credit.value())});
        }
        table(rows, out);
    }

    private static void conformance(Conformance.Result result, StringBuilder out) {
        out.append(String.format(Locale.ROOT, "%s journeys, %s with a touchpoint of the map: %s (%s) follow the designed "
                + "order, %s went back to an earlier stage%n", count(result.journeys()), count(result.onMap()),
                count(result.followOrder()), percent(result.followShare()), count(result.wentBack())));
        List<String[]> skipped = new ArrayList<>();
        skipped.add(new String[] {"stage", "skipped by"});
        result.skipped().forEach(stage -> skipped.add(new String[] {stage.stage(), count(stage.journeys())}));
        table(skipped, out);
        out.append(System.lineSeparator());
        List<String[]> off = new ArrayList<>();
        off.add(new String[] {"off the map", "events", "journeys"});
        result.offMap().stream().limit(ROWS).forEach(usage -> off.add(new String[] {usage.name(), count(usage.events()),
            count(usage.journeys())}));
        table(off, out);
        if (!result.neverSeen().isEmpty()) {
            out.append(System.lineSeparator()).append("touchpoints never seen: ").append(String.join(", ", result.neverSeen()))
                    .append(System.lineSeparator());
        }
    }

    private static void touchpoints(KeyTouchpoints.Result result, StringBuilder out) {
        out.append(String.format(Locale.ROOT, "%s journeys, %s converted%n", count(result.journeys()),
                count(result.converted())));
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"touchpoint", "reach", "conv. with", "conv. without", "left after", "attribution", "impact"});
        for (KeyTouchpoints.Touchpoint t : result.touchpoints()) {
            rows.add(new String[] {t.name(), count(t.reach()), percent(t.conversionWith()), percent(t.conversionWithout()),
                count(t.dropOffAfter()), t.attributionShare() == null ? "" : percent(t.attributionShare()), number(t.impact())});
        }
        table(rows, out);
    }

    private static void abandonment(io.parcours.analytics.AbandonmentView result, StringBuilder out) {
        out.append(String.format(Locale.ROOT, "%s journeys showed intent: %s converted, %s abandoned (%s), %s still open%n",
                count(result.withIntent()), count(result.converted()), count(result.abandoned()),
                percent(result.abandonmentRate()), count(result.open())));
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"last touchpoint", "abandoned"});
        result.lastTouchpoints().forEach(last -> rows.add(new String[] {last.name(), count(last.journeys())}));
        table(rows, out);
        if (!result.customers().isEmpty()) {
            out.append(System.lineSeparator()).append("customers: ").append(String.join(", ", result.customers()))
                    .append(System.lineSeparator());
        }
    }

    /** Rows as aligned columns: the first left-aligned, the others right-aligned. */
    static void table(List<String[]> rows, StringBuilder out) {
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < row.length; c++) {
                // The first column is text, left-aligned; the figures are right-aligned.
                String cell = c == 0 ? pad(row[c], widths[c], false) : pad(row[c], widths[c], true);
                line.append(c == 0 ? "" : "  ").append(cell);
            }
            out.append(line.toString().stripTrailing()).append(System.lineSeparator());
        }
    }

    private static String pad(String text, int width, boolean right) {
        String space = " ".repeat(width - text.length());
        return right ? space + text : text + space;
    }

    private static String count(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%,.2f", value);
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f%%", share * 100);
    }

    private static String abbreviate(String text) {
        return text.length() <= 100 ? text : text.substring(0, 97) + "...";
    }

    private static String duration(long millis) {
        Duration duration = Duration.ofMillis(millis);
        if (duration.toDays() >= 1) {
            return String.format(Locale.ROOT, "%dd %dh", duration.toDays(), duration.toHoursPart());
        }
        if (duration.toHours() >= 1) {
            return String.format(Locale.ROOT, "%dh %dmin", duration.toHours(), duration.toMinutesPart());
        }
        return String.format(Locale.ROOT, "%dmin %ds", duration.toMinutes(), duration.toSecondsPart());
    }
}
