package io.parcours.server;

import java.util.ArrayList;
import java.util.List;

/**
 * The data of one analytics chart as a table: what the page shows as the chart's text alternative
 * (numbers written in the page's language) and what its CSV download holds (the same numbers as
 * the API writes them), made from the same values so the two always agree. Public only because
 * the compiled templates read it.
 *
 * @param headers the column headings in the page's language
 * @param csvHeaders the column names of the CSV, stable across languages
 * @param rows the rows, the first cell of each a row heading
 */
public record AnalyticsTable(List<String> headers, List<String> csvHeaders, List<Row> rows) {
    public AnalyticsTable {
        headers = List.copyOf(headers);
        csvHeaders = List.copyOf(csvHeaders);
        rows = List.copyOf(rows);
    }

    /**
     * One row: its cells as shown and as written in the CSV, and where its first cell links to.
     *
     * @param href the link of the first cell, or "" for none
     */
    public record Row(List<String> cells, List<String> raw, String href) {
        public Row {
            cells = List.copyOf(cells);
            raw = List.copyOf(raw);
        }

        /** The cells after the first (the row heading). */
        public List<String> values() {
            return cells.subList(1, cells.size());
        }
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    Csv toCsv() {
        Csv csv = new Csv(csvHeaders);
        rows.forEach(row -> csv.row(row.raw().toArray(String[]::new)));
        return csv;
    }

    /** How a column's values are written on the page and in the CSV. */
    enum Format { TEXT, COUNT, SHARE, DECIMAL, DURATION }

    /** Builds a table column by column, then row by row, formatting each value by its column. */
    static final class Builder {
        private final Texts texts;
        private final List<String> headers = new ArrayList<>();
        private final List<String> csvHeaders = new ArrayList<>();
        private final List<Format> formats = new ArrayList<>();
        private final List<Row> rows = new ArrayList<>();

        Builder(Texts texts) {
            this.texts = texts;
        }

        /** A column headed by the text of {@code key}, named {@code csvName} in the CSV. */
        Builder column(String key, String csvName, Format format) {
            return columnTitled(texts.t(key), csvName, format);
        }

        /** A column with a heading already in the page's language. */
        Builder columnTitled(String heading, String csvName, Format format) {
            headers.add(heading);
            csvHeaders.add(csvName);
            formats.add(format);
            return this;
        }

        Builder row(Object... values) {
            return linkedRow("", values);
        }

        /** A row whose first cell links to {@code href}. */
        Builder linkedRow(String href, Object... values) {
            if (values.length != formats.size()) {
                throw new IllegalArgumentException(values.length + " values for " + formats.size() + " columns");
            }
            List<String> cells = new ArrayList<>();
            List<String> raw = new ArrayList<>();
            for (int i = 0; i < values.length; i++) {
                cells.add(shown(values[i], formats.get(i)));
                raw.add(written(values[i], formats.get(i)));
            }
            rows.add(new Row(cells, raw, href));
            return this;
        }

        AnalyticsTable build() {
            return new AnalyticsTable(headers, csvHeaders, rows);
        }

        private String shown(Object value, Format format) {
            if (value == null) {
                return "";
            }
            return switch (format) {
                case TEXT -> value.toString();
                case COUNT -> texts.number(((Number) value).longValue());
                case SHARE -> share(((Number) value).doubleValue(), texts);
                case DECIMAL -> texts.decimal(((Number) value).doubleValue(), 2);
                case DURATION -> duration(((Number) value).longValue(), texts);
            };
        }

        private static String written(Object value, Format format) {
            if (value == null) {
                return "";
            }
            return switch (format) {
                case TEXT -> value.toString();
                case COUNT, DURATION -> Long.toString(((Number) value).longValue());
                case SHARE, DECIMAL -> decimal(((Number) value).doubleValue());
            };
        }
    }

    /** A number with at most four decimals, as the CSV writes it. */
    static String decimal(double value) {
        if (!Double.isFinite(value)) {
            return "";
        }
        double rounded = Math.round(value * 10_000) / 10_000.0;
        return rounded == Math.rint(rounded) && Math.abs(rounded) < 1e15 ? Long.toString((long) rounded)
                : Double.toString(rounded);
    }

    /** A share from 0 to 1 as a percentage with one decimal, the way the language writes it. */
    static String share(double value, Texts texts) {
        if (!Double.isFinite(value)) {
            return "–";
        }
        return texts.decimal(value * 100, 1) + (texts.language().equals("fr") ? "\u00a0%" : "%");
    }

    /** A duration in days, hours and minutes, the largest two units that apply. */
    static String duration(long millis, Texts texts) {
        long minutes = millis / 60_000;
        long days = minutes / (24 * 60);
        long hours = minutes / 60 % 24;
        long rest = minutes % 60;
        if (days > 0) {
            return texts.t("analytics.duration.daysHours", days, hours);
        }
        if (hours > 0) {
            return texts.t("analytics.duration.hoursMinutes", hours, rest);
        }
        return texts.t("analytics.duration.minutes", rest);
    }
}
