package io.parcours.io.imports;

import com.fasterxml.jackson.databind.node.TextNode;
import io.parcours.model.Event;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.zip.GZIPInputStream;

/**
 * How DuckDB reads a CSV event log itself, for a bulk import: the statements that load the file
 * into a temporary table, and the query that gives each row exactly what {@link CsvEventReader}
 * gives it (line, message id, case, activity, time, properties, channel, and why a row is
 * refused), so that a file imported either way is the same and importing it again the other way
 * stores nothing twice.
 *
 * <p>Only a plain file ({@link CsvShape}) in UTF-8 or ISO-8859-1 is read this way; {@link #unsuitable} says why
 * another must be read row by row. Times in the ISO-8601 forms {@code FastTime} reads are worked
 * out in SQL (a time without zone through a table of the zone's offsets by day from 1970 to 2100); any
 * other time is left for {@link #time} to read in Java.
 */
public final class CsvStaging {
    /** The temporary table holding the file's rows. */
    static final String RAW = "parcours_bulk_csv";
    /** The temporary table of the zone's offsets, by local time. */
    static final String OFFSETS = "parcours_bulk_offsets";
    /**
     * The temporary table of the zone's offsets by local day from 1970 to 2100: the offset at the
     * day's start, and when it changes during the day, from when and to what; all null for a day
     * with more than one change, whose times are read in Java.
     */
    static final String DAYS = "parcours_bulk_days";
    private static final long DAY_MS = 86_400_000L;
    /** Local times from 1970 to 2100 get their offset from the table; others are read in Java. */
    private static final long FIRST_LOCAL = 0;
    private static final long END_LOCAL = LocalDate.of(2100, 1, 1).toEpochDay() * 86_400_000L;
    /**
     * The common shape of a time (FastTime reads more): a year from 1000, a valid hour, minute and
     * second, and a fraction of at most 3 digits, which DuckDB's casts read exactly as FastTime does.
     */
    private static final String FAST_TIME = "[1-9]\\d{3}-\\d\\d-\\d\\d[T ]([01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(\\.\\d{1,3})?";
    /** An offset of the common shape: hours below 18, then minutes, with or without a colon. */
    private static final String FAST_OFFSET = "[+-](0\\d|1[0-7])(:?[0-5]\\d)?";
    /** The characters {@code String.trim} removes: every one up to the space, but the NUL a query cannot hold. */
    private static final String TRIMMED;

    static {
        StringBuilder characters = new StringBuilder();
        for (char c = 1; c <= ' '; c++) {
            characters.append(c);
        }
        TRIMMED = characters.toString();
    }

    private final Path file;
    private final CsvMapping mapping;
    private final CsvLayout layout;
    private final CsvShape shape;
    private final String unsuitable;

    private CsvStaging(Path file, CsvMapping mapping, CsvLayout layout, CsvShape shape, String unsuitable) {
        this.file = file;
        this.mapping = mapping;
        this.layout = layout;
        this.shape = shape;
        this.unsuitable = unsuitable;
    }

    /**
     * Looks at a file: its header (refused as the row-by-row reader refuses it, when a column is
     * missing) and its shape. Reads the whole file once, quickly.
     */
    public static CsvStaging of(Path file, CsvMapping mapping) {
        CsvLayout layout;
        try (CsvEventReader reader = (CsvEventReader) EventFiles.open(file, EventFiles.Format.CSV, mapping, 0)) {
            layout = reader.layout();
        }
        if (!mapping.charset().equals(StandardCharsets.UTF_8) && !mapping.charset().equals(StandardCharsets.ISO_8859_1)) {
            return new CsvStaging(file, mapping, layout, null, "it is in " + mapping.charset().name()
                    + ", which the database does not read (UTF-8 and ISO-8859-1 it does)");
        }
        Set<String> names = new HashSet<>();
        for (int index : layout.propertyIndexes()) {
            if (!names.add(layout.header().get(index))) {
                return new CsvStaging(file, mapping, layout, null, "two property columns are named '"
                        + layout.header().get(index) + "'");
            }
        }
        CsvShape shape;
        try (InputStream in = open(file)) {
            shape = CsvShape.scan(in, mapping.delimiter(), layout.timestampIndex());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (!shape.plain()) {
            return new CsvStaging(file, mapping, layout, shape, shape.irregularity());
        }
        if (shape.fields() != layout.header().size()) {
            return new CsvStaging(file, mapping, layout, shape, "its header was read as " + shape.fields() + " fields");
        }
        return new CsvStaging(file, mapping, layout, shape, null);
    }

    private static InputStream open(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz")) {
            in = new GZIPInputStream(in, 1 << 16);
        }
        return in;
    }

    /** Why the file must be read row by row, if it must. */
    public Optional<String> unsuitable() {
        return Optional.ofNullable(unsuitable);
    }

    /** Whether the scan saw every time of the file in a common form with a zone ({@code Z} or an offset). */
    private boolean allZoned() {
        int forms = shape.timeForms();
        return forms != 0 && (forms & ~(CsvShape.ZONED | CsvShape.OFFSET)) == 0;
    }

    /** The forms of the file's times, as the scan saw them ({@link CsvShape#timeForms}). */
    public int timeForms() {
        return shape == null ? 0 : shape.timeForms();
    }

    /** The rows after the header. */
    public long rows() {
        return shape == null ? 0 : shape.rows();
    }

    /**
     * Each row's fields, trimmed, with its line, its message id (a {@link CsvRowIds#SHA256} id in
     * {@code message_id}, or a {@link CsvRowIds#MD5} digest in {@code row_digest}: the id then
     * follows from digest and line), its properties, its time's text, and which of the common
     * shapes that text has ({@code fast}: 'zoned', 'local' or null) or else the parts of it that
     * FastTime reads ({@code t}).
     */
    private String fields(CsvRowIds rowIds) {
        // The raw fields' bytes, each followed by a zero byte (concat reads a missing field as empty).
        StringJoiner joined = new StringJoiner(", chr(0), ", "concat(", ", chr(0))");
        for (int i = 0; i < layout.header().size(); i++) {
            joined.add("c" + i);
        }
        StringJoiner properties = new StringJoiner(", ", "'{' || concat_ws(',', ", ") || '}'");
        for (int index : layout.propertyIndexes()) {
            String value = trimmed(index);
            String key = TextNode.valueOf(layout.header().get(index)).toString();
            properties.add("CASE WHEN " + value + " <> '' THEN " + literal(key + ":") + " || to_json(" + value + ")::VARCHAR END");
        }
        String propertiesSql = layout.propertyIndexes().isEmpty() ? "'{}'" : properties.toString();
        if (layout.propertyIndexes().size() == 1) {
            // One property: the same text without joining a list (a fifth of the cost).
            int index = layout.propertyIndexes().get(0);
            String key = TextNode.valueOf(layout.header().get(index)).toString();
            propertiesSql = "CASE WHEN " + trimmed(index) + " <> '' THEN " + literal("{" + key + ":") + " || to_json("
                    + trimmed(index) + ")::VARCHAR || '}' ELSE '{}' END";
        }
        String context = layout.channelIndex() < 0 ? "'{}'" : "CASE WHEN " + trimmed(layout.channelIndex())
                + " <> '' THEN '{\"channel\":' || to_json(" + trimmed(layout.channelIndex()) + ")::VARCHAR || '}' ELSE '{}' END";
        // The forms FastTime reads: date, T or space, time with seconds, a fraction of 1 to 9 digits, Z or an offset.
        String timeParts = "regexp_extract(time_text, '^(\\d{4})-(\\d{2})-(\\d{2})[Tt ]"
                + "(\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,9}))?([Zz]|[+-]\\d{2}(?::?\\d{2})?)?$', "
                + "['y', 'mo', 'd', 'h', 'mi', 's', 'f', 'z'])";
        // md5_number is five times faster than md5_number_upper, whose value is md5_number's lower
        // 64 bits (the digest's first 8 bytes, little-endian).
        String id = rowIds == CsvRowIds.SHA256
                ? "'csv-' || substr(sha256(" + joined + "), 1, 24) || '-' || (rowid + 2) AS message_id, NULL::UBIGINT AS row_digest, "
                : "NULL::VARCHAR AS message_id, (md5_number(" + joined + ") & 18446744073709551615::UHUGEINT)::UBIGINT"
                        + " AS row_digest, ";
        // The common forms, told by regular expressions that only match (which is fast), are read by
        // DuckDB's casts, exact for them (a fraction of up to 3 digits is whole milliseconds); the
        // others (FastTime's other forms) by the parts of the expression above.
        String fast = "CASE WHEN suffix(time_text, 'Z') AND regexp_full_match(time_text, '" + FAST_TIME + "Z') "
                + "THEN 'zoned' WHEN regexp_full_match(time_text, '" + FAST_TIME + "') THEN 'local' "
                + "WHEN regexp_full_match(time_text, '" + FAST_TIME + FAST_OFFSET + "') THEN 'zoned' END";
        // When the scan saw the times of every row in common forms of one kind, no row needs telling.
        if (allZoned()) {
            fast = "'zoned'";
        } else if (shape.timeForms() == CsvShape.LOCAL) {
            fast = "'local'";
        }
        return "SELECT *, CASE WHEN fast IS NULL THEN " + timeParts + " END AS t FROM (SELECT *, " + fast + " AS fast "
                + "FROM (SELECT rowid + 2 AS line, " + id + trimmed(layout.caseIndex()) + " AS user_id, "
                + trimmed(layout.activityIndex()) + " AS name, " + trimmed(layout.timestampIndex()) + " AS time_text, "
                + propertiesSql + " AS properties, " + context + " AS context FROM " + RAW + "))";
    }

    /** The statements that load the file and the zone's offsets into temporary tables. */
    public List<String> statements() {
        if (unsuitable != null) {
            throw new IllegalStateException("this file is read row by row: " + unsuitable);
        }
        StringJoiner columns = new StringJoiner(", ", "{", "}");
        for (int i = 0; i < layout.header().size(); i++) {
            columns.add("'c" + i + "': 'VARCHAR'");
        }
        String encoding = mapping.charset().equals(StandardCharsets.UTF_8) ? "utf-8" : "latin-1";
        String read = "CREATE OR REPLACE TEMP TABLE " + RAW + " AS SELECT * FROM read_csv("
                + literal(file.toAbsolutePath().toString()) + ", delim = " + literal(String.valueOf(mapping.delimiter()))
                + ", quote = '\"', escape = '\"', header = false, skip = 1, auto_detect = false, encoding = '" + encoding
                + "', null_padding = false, columns = " + columns + ")";
        StringJoiner offsets = new StringJoiner(", ", "CREATE OR REPLACE TEMP TABLE " + OFFSETS
                + " AS SELECT * FROM (VALUES ", ") AS o(from_local, offset_ms)");
        offsets(mapping.zone()).forEach(row -> offsets.add("(" + row[0] + "::BIGINT, " + row[1] + "::BIGINT)"));
        // A local time finds its offset through its day, with an equality join that costs far less
        // than finding it in the table of offsets by an ASOF join (a fifth of the import).
        String days = "CREATE OR REPLACE TEMP TABLE " + DAYS + " AS SELECT d.day, CASE WHEN coalesce(c.changes, 0) <= 1 "
                + "THEN o.offset_ms END AS start_offset, CASE WHEN c.changes = 1 THEN c.change_at END AS change_at, "
                + "CASE WHEN c.changes = 1 THEN c.after_offset END AS after_offset FROM (SELECT range AS day FROM range("
                + FIRST_LOCAL / DAY_MS + ", " + END_LOCAL / DAY_MS + ")) d ASOF JOIN " + OFFSETS
                + " o ON d.day * " + DAY_MS + " >= o.from_local LEFT JOIN (SELECT from_local // " + DAY_MS + " AS day, "
                + "count(*) AS changes, min(from_local) AS change_at, arg_min(offset_ms, from_local) AS after_offset FROM "
                + OFFSETS + " WHERE from_local >= " + FIRST_LOCAL + " GROUP BY 1) c ON c.day = d.day";
        return List.of(read, offsets.toString(), days);
    }

    /** The temporary tables {@link #statements} make. */
    public List<String> tables() {
        return List.of(RAW, OFFSETS, DAYS);
    }

    /**
     * The query giving each row what the event log needs: {@code line}, {@code message_id} or
     * {@code row_digest} (by {@code rowIds}), {@code name}, {@code user_id}, {@code time_text},
     * {@code event_time}, {@code properties}, {@code context}, {@code problem} and
     * {@code late_problem} (see {@code StagedEvents}).
     */
    public String rowsQuery(CsvRowIds rowIds) {
        String early = "CASE WHEN user_id = '' THEN " + literal(layout.emptyCase()) + " WHEN name = '' THEN "
                + literal(layout.emptyActivity()) + " END";
        String late = "CASE WHEN strlen(user_id) > " + Event.MAX_ID_LENGTH + " THEN CASE WHEN " + utf16Length("user_id")
                + " > " + Event.MAX_ID_LENGTH + " THEN 'userId is ' || " + utf16Length("user_id")
                + " || ' characters long; the limit is " + Event.MAX_ID_LENGTH + "' END END";
        String lateName = "CASE WHEN strlen(name) > 1000 THEN CASE WHEN " + utf16Length("name") + " > 1000 THEN "
                + "'the event name is ' || " + utf16Length("name") + " || ' characters long; the limit is 1000' END END";
        String localMs = "CASE WHEN t.y <> '' AND " + number("t.y") + " >= 1000 AND " + number("t.h") + " <= 23 AND "
                + number("t.mi") + " <= 59 AND " + number("t.s") + " <= 59 THEN "
                + "(TRY_CAST(t.y || '-' || t.mo || '-' || t.d AS DATE) - DATE '1970-01-01') * 86400000 + " + number("t.h")
                + " * 3600000 + " + number("t.mi") + " * 60000 + " + number("t.s") + " * 1000 "
                + "+ CASE WHEN t.f = '' THEN 0 ELSE " + number("rpad(left(t.f, 3), 3, '0')") + " END END";
        String offset = "CASE WHEN length(t.z) = 3 THEN " + number("substr(t.z, 2, 2)") + " * 60 "
                + "WHEN length(t.z) = 5 THEN " + number("substr(t.z, 2, 2)") + " * 60 + " + number("substr(t.z, 4, 2)")
                + " ELSE " + number("substr(t.z, 2, 2)") + " * 60 + " + number("substr(t.z, 5, 2)") + " END";
        String offsetValid = number("substr(t.z, 2, 2)") + " <= 18 AND (length(t.z) = 3 OR " + number("right(t.z, 2)")
                + " <= 59)";
        boolean fixed = mapping.zone().getRules().isFixedOffset();
        // Times that all carry a zone need no offsets of the zone.
        boolean allZoned = allZoned();
        String withoutZone = allZoned && !fixed ? "NULL::BIGINT" : fixed
                ? "local_ms - " + mapping.zone().getRules().getOffset(Instant.EPOCH).getTotalSeconds() * 1000L
                : "CASE WHEN local_ms >= " + FIRST_LOCAL + " AND local_ms < " + END_LOCAL + " THEN local_ms - CASE WHEN "
                        + "o.change_at IS NOT NULL AND local_ms >= o.change_at THEN o.after_offset ELSE o.start_offset END END";
        String eventTime = "CASE WHEN zoned_ms IS NOT NULL THEN zoned_ms WHEN local_ms IS NULL THEN NULL "
                + "WHEN fast = 'local' OR t.z = '' THEN " + withoutZone
                + " WHEN t.z IN ('Z', 'z') THEN local_ms WHEN " + offsetValid + " THEN local_ms "
                + "- (CASE WHEN left(t.z, 1) = '+' THEN 1 ELSE -1 END) * (" + offset + ") * 60000 END";
        // The time's text is kept only where the query could not read it, for Java to read.
        return "SELECT line, message_id, row_digest, name, user_id, CASE WHEN event_time IS NULL THEN time_text END "
                + "AS time_text, event_time, properties, context, problem, late_problem FROM (SELECT line, message_id, "
                + "row_digest, name, user_id, time_text, " + eventTime + " AS event_time, properties, context, problem, "
                + "late_problem FROM (SELECT *, " + early + " AS problem, coalesce(" + late + ", " + lateName
                + ") AS late_problem, CASE WHEN fast = 'zoned' THEN epoch_ms(TRY_CAST(time_text AS TIMESTAMPTZ)) END "
                + "AS zoned_ms, CASE WHEN fast = 'local' THEN epoch_ms(TRY_CAST(time_text AS TIMESTAMP)) "
                + "WHEN fast IS NULL THEN " + localMs + " END AS local_ms FROM (" + fields(rowIds) + ")) p"
                + (fixed || allZoned ? "" : " LEFT JOIN " + DAYS + " o ON o.day = p.local_ms // " + DAY_MS) + ")";
    }

    /** Reads a time the query could not, as the row-by-row reader does. */
    public Optional<Long> time(String text) {
        return Timestamps.parse(text, mapping.zone());
    }

    /** Why a row is refused for its time, as the row-by-row reader says it. */
    public String badTime(String text) {
        return layout.badTime(text);
    }

    /**
     * Field {@code index} of a row, trimmed as {@code String.trim} trims it; empty when missing.
     * Trimming is slow in DuckDB, so only the columns where the scan saw a value to trim are
     * trimmed, and in those only the values that start or end with a character to trim.
     */
    private String trimmed(int index) {
        String field = "c" + index;
        if (!shape.padded(index)) {
            return "coalesce(" + field + ", '')";
        }
        return "CASE WHEN coalesce(" + field + ", '') = '' THEN '' WHEN ord(left(" + field + ", 1)) <= 32 OR ord(right("
                + field + ", 1)) <= 32 THEN trim(" + field + ", " + literal(TRIMMED) + ") ELSE " + field + " END";
    }

    /** A text of digits as a number, or null: never an error, which would stop the whole query. */
    private static String number(String text) {
        return "TRY_CAST(" + text + " AS BIGINT)";
    }

    /** The length of a text in UTF-16 units, as Java counts it: characters beyond the BMP count twice. */
    private static String utf16Length(String column) {
        return "(length(" + column + ") + length(regexp_replace(" + column + ", '[^\\x{10000}-\\x{10FFFF}]', '', 'g')))";
    }

    /**
     * The zone's offsets by local time in milliseconds: rows of {local time from which it holds,
     * offset}. At a transition, the local times of a gap or an overlap take the offset before it, as
     * {@code LocalDateTime.atZone} does (a gap's times move forward; an overlap's take the earlier
     * offset): the new offset holds from the transition's instant plus the larger of the two.
     */
    static List<long[]> offsets(ZoneId zone) {
        ZoneRules rules = zone.getRules();
        List<long[]> rows = new ArrayList<>();
        Instant start = Instant.ofEpochMilli(FIRST_LOCAL).minusSeconds(2 * 86_400);
        rows.add(new long[] {-(1L << 62), rules.getOffset(start).getTotalSeconds() * 1000L});
        if (rules.isFixedOffset()) {
            return rows;
        }
        ZoneOffsetTransition next = rules.nextTransition(start);
        while (next != null && next.getInstant().toEpochMilli() < END_LOCAL + 2 * 86_400_000L) {
            long before = next.getOffsetBefore().getTotalSeconds() * 1000L;
            long after = next.getOffsetAfter().getTotalSeconds() * 1000L;
            rows.add(new long[] {next.getInstant().toEpochMilli() + Math.max(before, after), after});
            next = rules.nextTransition(next.getInstant());
        }
        return rows;
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

}
