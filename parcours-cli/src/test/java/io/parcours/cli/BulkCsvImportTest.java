package io.parcours.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.parcours.io.imports.CsvMapping;
import io.parcours.io.imports.CsvRowIds;
import io.parcours.io.imports.CsvStaging;
import io.parcours.io.imports.EventFileReader;
import io.parcours.io.imports.EventFiles;
import io.parcours.store.EventChunk;
import io.parcours.store.EventLog;
import io.parcours.store.JourneyListener;
import io.parcours.store.ParcoursStore;
import io.parcours.store.StagedEvents;
import io.parcours.store.WorkspaceNumbers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The bulk CSV import (DuckDB reads the file) against the row-by-row one, on a file full of what
 * real event logs hold: quoted fields, spaces, accents and emoji, empty values, times in every form
 * Parcours reads (with and without zone, in a zone with summer time, at its gap and its overlap,
 * forms only Java reads) and bad rows. Both must store exactly the same events, refuse the same
 * rows with the same reasons, and recognise each other's events as already stored.
 */
class BulkCsvImportTest {
    private static final EventLog.Origin ORIGIN = new EventLog.Origin("shop", "import");
    private static final long RECEIVED_AT = 1_800_000_000_000L;

    @TempDir
    Path folder;

    private Path tricky() throws Exception {
        List<String> lines = new ArrayList<>();
        lines.add("\uFEFFcase:concept:name,concept:name,time:timestamp,channel,amount,note");
        lines.add("c1,visit,2026-11-22T14:05:17.319Z,web,12.5,plain");
        lines.add("c1,\"search, then filter\",2026-11-22 14:06:00+02:00,web,,\"says \"\"hello\"\"\"");
        lines.add(" c2 ,  add to cart\t,2026-11-22T14:07:00.1+0200,app,3,  spaced  ");
        lines.add("café-🎉,checkout,2026-11-22t14:08:00.123456789-05,store,\"1,000\",naïve 🎉 \u0001 \u007f \\ / \u2028");
        lines.add("c3,purchase,2026-11-22 14:09:00,hotline,7,no zone: Paris");
        lines.add("c3,gap,2026-03-29 02:30:00,web,,in the spring gap");
        lines.add("c3,overlap,2026-10-25 02:30:00,web,,in the autumn overlap");
        lines.add("c4,date only,2026-11-22,web,,");
        lines.add("c4,european,22/11/2026 14:05,web,,");
        lines.add("c4,epoch,1763820000000,web,,");
        lines.add("c4,february,2026-02-30 10:00:00,web,,java reads it as the 28th");
        lines.add("c4,midnight,2026-11-22T24:00:00Z,web,,");
        lines.add("c4,old,0999-01-01T00:00:00Z,web,,");
        lines.add("c4,before 1970,1969-07-20 20:17:40,web,,");
        lines.add("c4,far,2150-06-01 12:00:00,web,,");
        lines.add("c5,bad offset,2026-11-22T14:05:17+19:00,web,,");
        lines.add(",no case,2026-11-22T14:05:17Z,web,,");
        lines.add("c6,,2026-11-22T14:05:17Z,web,,");
        lines.add("c6,bad time,never,web,,");
        lines.add("c6,no time,,web,,");
        lines.add("x".repeat(300) + ",long id,2026-11-22T14:05:17Z,web,,");
        lines.add("c7," + "n".repeat(1001) + ",2026-11-22T14:05:17Z,web,,");
        lines.add("c7,\"\"\"quoted\"\" activity\",2026-11-22T14:05:17Z,,,");
        return Files.writeString(folder.resolve("tricky.csv"), String.join("\n", lines) + "\n");
    }

    private static CsvMapping paris() {
        return new CsvMapping("", "", "", Optional.of("channel"), List.of(), ',', java.nio.charset.StandardCharsets.UTF_8,
                ZoneId.of("Europe/Paris"));
    }

    private static ParcoursStore storeWithWorkspace(Path data) {
        ParcoursStore store = ParcoursStore.open(data);
        store.createWorkspace("shop", "Shop", "");
        store.createSource("shop", "import", "File imports");
        return store;
    }

    private static EventLog.Imported bulk(ParcoursStore store, Path file, CsvMapping mapping) {
        return bulk(store, file, mapping, CsvRowIds.MD5);
    }

    private static EventLog.Imported bulk(ParcoursStore store, Path file, CsvMapping mapping, CsvRowIds rowIds) {
        CsvStaging staging = CsvStaging.of(file, mapping);
        assertThat(staging.unsuitable()).isEmpty();
        return store.events().importStaged(ORIGIN, new StagedEvents(staging.statements(), staging.rowsQuery(rowIds),
                staging::time, staging::badTime, staging.tables()), RECEIVED_AT, true, fraction -> { });
    }

    private static EventImporter.Summary rowByRow(ParcoursStore store, Path file, CsvMapping mapping) {
        return rowByRow(store, file, mapping, CsvRowIds.MD5);
    }

    private static EventImporter.Summary rowByRow(ParcoursStore store, Path file, CsvMapping mapping, CsvRowIds rowIds) {
        try (EventFileReader reader = EventFiles.open(file, EventFiles.Format.CSV, mapping, RECEIVED_AT, rowIds)) {
            EventImporter.Summary summary = EventImporter.run(reader, store.events(), ORIGIN, n -> { });
            store.events().awaitLoaded(60_000);
            return summary;
        }
    }

    /** Every stored event and dictionary entry, as text, in a stable order. */
    /** What importing a file in bulk and row by row gave, into two new data folders. */
    private record BothWays(EventLog.Imported bulk, EventImporter.Summary rows) {}

    /**
     * Imports {@code file} in bulk into one new data folder and row by row into another, and checks
     * that both stored and refused the same rows, for the same reasons, and hold the same events.
     */
    private BothWays importedBothWays(String name, Path file, CsvMapping mapping) throws Exception {
        Path bulkData = folder.resolve(name + "-bulk");
        Path rowData = folder.resolve(name + "-rows");
        EventLog.Imported imported;
        EventImporter.Summary summary;
        try (ParcoursStore store = storeWithWorkspace(bulkData)) {
            imported = bulk(store, file, mapping);
        }
        try (ParcoursStore store = storeWithWorkspace(rowData)) {
            summary = rowByRow(store, file, mapping);
        }
        assertThat(imported.stored()).as(name).isEqualTo(summary.stored());
        assertThat(imported.refused()).as(name).isEqualTo(summary.rejected());
        assertThat(imported.firstRefusals()).as(name).extracting(r -> r.line() + ": " + r.reason())
                .containsExactlyElementsOf(summary.firstRejections().stream()
                        .map(r -> r.position() + ": " + r.reason()).toList());
        assertThat(contents(bulkData)).as(name).containsExactlyElementsOf(contents(rowData));
        return new BothWays(imported, summary);
    }

    private static List<String> contents(Path data) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:" + data.resolve("parcours.duckdb"));
                ResultSet result = db.createStatement().executeQuery("""
                        SELECT concat_ws(' | ', message_id, workspace_key, source_key, type, name, user_id,
                            coalesce(anonymous_id, '-'), event_time, received_at, properties, traits, context,
                            coalesce(previous_id, '-'), coalesce(group_id, '-'), coalesce(anonymous_ref, -1),
                            coalesce(previous_ref, -1), user_ref, activity_ref)
                        FROM events
                        UNION ALL SELECT 'id ' || ref || ' ' || id FROM event_ids
                        UNION ALL SELECT 'activity ' || ref || ' ' || activity FROM event_activities
                        ORDER BY 1""")) {
            while (result.next()) {
                rows.add(result.getString(1));
            }
        }
        return rows;
    }

    @ParameterizedTest
    @EnumSource(CsvRowIds.class)
    void bulkAndRowByRowStoreTheSameEventsAndRefuseTheSameRows(CsvRowIds rowIds) throws Exception {
        Path file = tricky();
        Path bulkData = folder.resolve("bulk");
        Path rowData = folder.resolve("rows");
        EventLog.Imported imported;
        EventImporter.Summary summary;
        AtomicLong followed = new AtomicLong();
        try (ParcoursStore store = storeWithWorkspace(bulkData)) {
            store.events().follow(new JourneyListener() {
                @Override
                public void arrived(WorkspaceNumbers numbers, EventChunk chunk) {
                    followed.addAndGet(chunk.size());
                }

                @Override
                public void forgotten(String workspace) {
                    followed.set(0);
                }
            });
            imported = bulk(store, file, paris(), rowIds);
            assertThat(store.events().size()).isEqualTo(imported.stored());
        }
        try (ParcoursStore store = storeWithWorkspace(rowData)) {
            summary = rowByRow(store, file, paris(), rowIds);
        }
        assertThat(imported.read()).isEqualTo(summary.read()).isEqualTo(23);
        assertThat(imported.stored()).isEqualTo(summary.stored()).isEqualTo(16);
        assertThat(imported.refused()).isEqualTo(summary.rejected()).isEqualTo(7);
        assertThat(imported.duplicates()).isZero();
        assertThat(followed.get()).as("the journey index hears of every event imported").isEqualTo(16);
        assertThat(imported.firstRefusals()).extracting(r -> r.line() + ": " + r.reason())
                .containsExactlyElementsOf(summary.firstRejections().stream().map(r -> r.position() + ": " + r.reason()).toList())
                .contains("18: the case column 'case:concept:name' is empty", "20: 'never' in column 'time:timestamp' is not "
                        + "a date and time (write it as 2026-11-22 14:05:17, with or without a zone)",
                        "22: userId is 300 characters long; the limit is 256",
                        "23: the event name is 1001 characters long; the limit is 1000");
        List<String> bulkRows = contents(bulkData);
        assertThat(bulkRows).containsExactlyElementsOf(contents(rowData));
        assertThat(String.join("\n", bulkRows))
                .contains("| search, then filter | c1 |", "{\"amount\":\"1,000\",\"note\":\"naïve 🎉 \\u0001 \u007f \\\\ / \u2028\"}")
                .contains("| add to cart | c2 |", "{\"amount\":\"3\",\"note\":\"spaced\"} | {} | {\"channel\":\"app\"}")
                // 02:30 in the spring gap is 03:30 summer time (01:30Z); in the autumn overlap, the earlier offset (00:30Z).
                .contains("| gap | c3 | - | 1774747800000 |", "| overlap | c3 | - | 1792888200000 |");
        String idForm = rowIds == CsvRowIds.MD5 ? "(?s)csv2-[0-9a-f]{16}-\\d+ \\| shop \\| .*"
                : "(?s)csv-[0-9a-f]{24}-\\d+ \\| shop \\| .*";
        assertThat(bulkRows).filteredOn(row -> row.matches(idForm)).hasSize(16);

        // Each recognises the other's events: importing again either way stores nothing.
        try (ParcoursStore store = ParcoursStore.open(rowData)) {
            EventLog.Imported again = bulk(store, file, paris(), rowIds);
            assertThat(again.stored()).isZero();
            assertThat(again.duplicates()).isEqualTo(16);
        }
        try (ParcoursStore store = ParcoursStore.open(bulkData)) {
            assertThat(store.events().size()).isEqualTo(16);
            assertThat(rowByRow(store, file, paris(), rowIds).stored()).isZero();
        }
    }

    /**
     * Times of many shapes, valid and not, near the common ones the query reads with DuckDB's
     * casts (a random mix of years, fields out of range, separators, fractions of 0 to 10 digits,
     * zones and offsets, spaces around), with and without values to trim, in a zone with summer
     * time and in a fixed one: every row is stored at the instant, or refused with the reason, that
     * the row-by-row reader gives it.
     */
    @Test
    void timesOfEveryShapeAreReadAsTheRowByRowReaderReadsThem() throws Exception {
        java.util.Random random = new java.util.Random(20261124);
        // Each part is one of the usual values most of the time, else an odd one.
        String[][] years = {{"1000", "1969", "1970", "2024", "2026", "2100", "2150", "9999"}, {"0999", "226", "20260"}};
        String[][] months = {{"01", "02", "03", "10", "12"}, {"00", "13", "1"}};
        String[][] days = {{"01", "09", "28", "29", "30", "31"}, {"32", "00", "7"}};
        String[][] separators = {{"T", " "}, {"t", "_", "  "}};
        String[][] hours = {{"00", "02", "09", "14", "23"}, {"24", "7"}};
        String[][] minutes = {{"00", "30", "59"}, {"60", "5"}};
        String[][] seconds = {{":00", ":17", ":59"}, {":60", "", ":5"}};
        String[][] fractions = {{"", "", ".1", ".12", ".123", ".999"}, {".", ".1234", ".123456", ".999999999", ".1234567890"}};
        String[][] zones = {{"", "Z", "+01:00", "-05", "+0530", "-09:30", "+17:59", "-00:00"},
            {"z", "+18:00", "+19:00", "+1", " UTC", "+05:3", "+12:60"}};
        int variant = 0;
        for (boolean padded : List.of(true, false)) {
            for (ZoneId zone : List.of(ZoneId.of("Europe/Paris"), java.time.ZoneOffset.ofHoursMinutes(5, 30))) {
                if (padded && zone instanceof java.time.ZoneOffset) {
                    continue;
                }
                StringBuilder csv = new StringBuilder("case:concept:name,concept:name,time:timestamp\n");
                for (int i = 0; i < 3000; i++) {
                    String time = pick(random, years) + "-" + pick(random, months) + "-" + pick(random, days)
                            + pick(random, separators) + pick(random, hours) + ":" + pick(random, minutes)
                            + pick(random, seconds) + pick(random, fractions) + pick(random, zones);
                    if (padded && random.nextInt(4) == 0) {
                        time = " " + time + (random.nextBoolean() ? "\t" : "");
                    }
                    csv.append("c").append(i % 97).append(",a").append(i % 5).append(',').append(time).append('\n');
                }
                Path file = Files.writeString(folder.resolve("times" + variant + ".csv"), csv);
                CsvMapping mapping = new CsvMapping("", "", "", Optional.empty(), List.of(), ',',
                        java.nio.charset.StandardCharsets.UTF_8, zone);
                BothWays both = importedBothWays("times" + variant++, file, mapping);
                assertThat(both.bulk().stored()).as("%s, padded %s", zone, padded).isBetween(1000L, 2900L);
            }
        }
    }

    /**
     * A file whose times are all in the common forms of one kind (zoned, or without zone) is read
     * without telling the forms apart row by row: its rows, with months, days and leap days that
     * do not exist among them, are still read as the row-by-row reader reads them.
     */
    @Test
    void timesAllOfOneCommonFormAreReadAsTheRowByRowReaderReadsThem() throws Exception {
        java.util.Random random = new java.util.Random(20261125);
        String[][] common = {{"1000", "1969", "2024", "2026", "9999"}, {"00", "01", "02", "12", "13"},
            {"00", "01", "28", "29", "30", "31", "32"}, {"T", " "}, {"00", "09", "19", "23"}, {"00", "59"}, {"00", "30", "59"},
            {"", ".1", ".12", ".123"}};
        for (String[] zones : List.of(new String[] {"Z", "+01:00", "-05", "+0530", "-17:59"}, new String[] {""})) {
            StringBuilder csv = new StringBuilder("case:concept:name,concept:name,time:timestamp\n");
            for (int i = 0; i < 3000; i++) {
                StringBuilder time = new StringBuilder();
                String[] separators = {"-", "-", "", "", ":", ":", ""};
                for (int part = 0; part < common.length; part++) {
                    time.append(common[part][random.nextInt(common[part].length)]);
                    if (part < separators.length) {
                        time.append(separators[part]);
                    }
                }
                time.append(zones[random.nextInt(zones.length)]);
                csv.append("c").append(i % 89).append(",a").append(i % 3).append(',').append(time).append('\n');
            }
            Path file = Files.writeString(folder.resolve("common" + zones.length + ".csv"), csv);
            CsvMapping mapping = new CsvMapping("", "", "", Optional.empty(), List.of(), ',',
                    java.nio.charset.StandardCharsets.UTF_8, ZoneId.of("Europe/Paris"));
            assertThat(CsvStaging.of(file, mapping).timeForms()).as("one kind of forms")
                    .isIn(io.parcours.io.imports.CsvShape.LOCAL, io.parcours.io.imports.CsvShape.ZONED
                            | io.parcours.io.imports.CsvShape.OFFSET);
            BothWays both = importedBothWays("common" + zones.length, file, mapping);
            assertThat(both.bulk().stored()).isBetween(900L, 2500L);
            assertThat(both.bulk().refused()).isPositive();
        }
    }

    /**
     * Times without zone around every change of offset from 1970 to 2100 (in the gap, in the
     * overlap, on either side), in zones with summer time, one of them by half an hour: each
     * row is stored at the instant the row-by-row reader gives it (LocalDateTime.atZone).
     */
    @Test
    void localTimesAroundEveryChangeOfOffsetAreReadAsTheRowByRowReaderReadsThem() throws Exception {
        java.time.format.DateTimeFormatter format = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
        for (String id : List.of("Europe/Paris", "Australia/Lord_Howe", "America/Sao_Paulo")) {
            ZoneId zone = ZoneId.of(id);
            StringBuilder csv = new StringBuilder("case:concept:name,concept:name,time:timestamp\n");
            var change = zone.getRules().nextTransition(java.time.Instant.parse("1970-01-02T00:00:00Z"));
            int rows = 0;
            while (change != null && change.getDateTimeBefore().getYear() < 2100) {
                for (int minutes : new int[] {-90, -61, -30, -1, 0, 1, 15, 29, 30, 31, 45, 59, 60, 61, 90}) {
                    csv.append("c").append(rows % 13).append(",a,")
                            .append(change.getDateTimeBefore().plusMinutes(minutes).format(format)).append('\n');
                    rows++;
                }
                change = zone.getRules().nextTransition(change.getInstant());
            }
            Path file = Files.writeString(folder.resolve("changes-" + zone.getId().replace('/', '-') + ".csv"), csv);
            CsvMapping mapping = new CsvMapping("", "", "", Optional.empty(), List.of(), ',',
                    java.nio.charset.StandardCharsets.UTF_8, zone);
            assertThat(CsvStaging.of(file, mapping).timeForms()).isEqualTo(io.parcours.io.imports.CsvShape.LOCAL);
            BothWays both = importedBothWays("changes-" + zone.getId().replace('/', '-'), file, mapping);
            assertThat(both.bulk().stored()).as(id).isEqualTo(rows).isGreaterThan(1000);
        }
    }

    /** One of the usual values ({@code values[0]}) nineteen times in twenty, else an odd one. */
    private static String pick(java.util.Random random, String[][] values) {
        String[] some = values[random.nextInt(20) == 0 ? 1 : 0];
        return some[random.nextInt(some.length)];
    }

    /** Real event logs of ../shared/datasets: the BPI Challenge 2016 complaints (semicolons, ISO-8859-1, CRLF) and pm4py's receipt log. */
    @Test
    void realEventLogsImportTheSameBothWays() throws Exception {
        Path datasets = Path.of("..", "..", "shared", "datasets");
        CsvMapping complaints = new CsvMapping("CustomerID", "ComplaintTopic_EN", "ContactDate", Optional.of("ContactChannelID"),
                List.of(), ';', java.nio.charset.StandardCharsets.ISO_8859_1, ZoneId.of("Europe/Amsterdam"));
        CsvMapping receipt = CsvMapping.detect();
        int run = 0;
        for (var log : List.of(java.util.Map.entry(datasets.resolve("bpi2016-complaints/BPI2016_Complaints.csv"), complaints),
                java.util.Map.entry(datasets.resolve("pm4py-receipt/receipt.csv"), receipt))) {
            BothWays both = importedBothWays("log" + run++, log.getKey(), log.getValue());
            assertThat(both.bulk().stored()).as(log.getKey().toString()).isPositive();
        }
    }

    @Test
    void aStrictImportWithABadRowStoresNothingAndEventsStayInArrivalOrder() throws Exception {
        Path file = Files.writeString(folder.resolve("events.csv"), "case:concept:name,concept:name,time:timestamp\n"
                + "c1,a,2026-11-22 10:00:00\nc2,b,2026-11-22 09:00:00\nc1,c,never\n");
        Path data = folder.resolve("data");
        try (ParcoursStore store = storeWithWorkspace(data)) {
            CsvStaging staging = CsvStaging.of(file, CsvMapping.detect());
            EventLog.Imported refused = store.events().importStaged(ORIGIN, new StagedEvents(staging.statements(),
                    staging.rowsQuery(CsvRowIds.MD5), staging::time, staging::badTime, staging.tables()), RECEIVED_AT, false, f -> { });
            assertThat(refused.stored()).isZero();
            assertThat(refused.refused()).isEqualTo(1);
            assertThat(store.events().size()).isZero();
            EventLog.Imported stored = bulk(store, file, CsvMapping.detect());
            assertThat(stored.stored()).isEqualTo(2);
            // Events that follow the import through the API come after the imported ones.
            store.events().append(ORIGIN, List.of(new io.parcours.model.Event("m-1", io.parcours.model.EventType.TRACK, "z",
                    Optional.of("c3"), Optional.empty(), 0, 0, "{}", "{}", "{}", Optional.empty(), Optional.empty()))).join();
            store.events().awaitLoaded(60_000);
        }
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:" + data.resolve("parcours.duckdb"));
                ResultSet result = db.createStatement().executeQuery("SELECT string_agg(name, ',' ORDER BY seq) FROM events")) {
            result.next();
            assertThat(result.getString(1)).isEqualTo("a,b,z");
        }
    }
}
