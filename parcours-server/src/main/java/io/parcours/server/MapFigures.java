package io.parcours.server;

import io.parcours.analytics.measure.KpiStatus;
import io.parcours.io.drawing.ScoreBadge;
import io.parcours.io.drawing.TouchpointFigures;
import io.parcours.model.Metric;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The figures the journey map shows on each touchpoint, from the KPI table of the map by
 * touchpoint: one colour (the worst status of its KPIs that have a target), how many customers met
 * it, the share of them who converted after it, and its survey scores, written the way the page's
 * language writes numbers.
 */
final class MapFigures {
    private MapFigures() {}

    static Map<String, TouchpointFigures> of(KpiTables.KpiTable table, Texts t) {
        Map<String, TouchpointFigures> figures = new HashMap<>();
        for (KpiTables.KpiRow row : table.rows()) {
            List<KpiStatus> statuses = new ArrayList<>();
            List<ScoreBadge> badges = new ArrayList<>();
            OptionalLong volume = OptionalLong.empty();
            OptionalDouble conversion = OptionalDouble.empty();
            for (KpiTables.KpiValue kpi : row.kpis()) {
                statuses.add(kpi.status());
                if (kpi.metric() == Metric.CONVERSION) {
                    volume = OptionalLong.of(kpi.answers());
                    if (kpi.estimate().isPresent()) {
                        conversion = OptionalDouble.of(kpi.estimate().get().value() / 100);
                    }
                } else if (kpi.metric() == Metric.NPS || kpi.metric() == Metric.CSAT || kpi.metric() == Metric.CES) {
                    badges.add(new ScoreBadge(kpi.metric().label().replace(" %", ""),
                            kpi.estimate().map(e -> value(kpi.metric(), e.value(), t)).orElse("–"), kpi.status()));
                }
            }
            KpiStatus status = worst(statuses);
            if (status == KpiStatus.NONE && volume.isEmpty() && badges.isEmpty()) {
                continue; // nothing measured and no target: the card stays plain rather than say "no target"
            }
            figures.put(row.key(), new TouchpointFigures(status, volume, conversion, badges));
        }
        return figures;
    }

    /** The status a touchpoint is coloured with: red before amber before green before grey; none when nothing has a target. */
    static KpiStatus worst(List<KpiStatus> statuses) {
        for (KpiStatus status : List.of(KpiStatus.RED, KpiStatus.AMBER, KpiStatus.GREEN, KpiStatus.GREY)) {
            if (statuses.contains(status)) {
                return status;
            }
        }
        return KpiStatus.NONE;
    }

    /** A KPI's value as people read it: NPS signed and whole, rates as percentages, CES with one decimal, hours whole. */
    static String value(Metric metric, double value, Texts t) {
        return switch (metric) {
            case NPS -> (value > 0 ? "+" : "") + t.number(Math.round(value));
            case CSAT, CONVERSION, DROP_OFF -> t.percent(value / 100);
            case CES -> t.decimal(value, 1);
            case TIME_TO_NEXT_STAGE -> t.number(Math.round(value)) + " h";
            case VOLUME -> t.number(Math.round(value));
        };
    }
}
