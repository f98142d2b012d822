package io.parcours.io.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.parcours.model.Event;
import io.parcours.model.ParcoursException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The import readers on the real event logs of ../shared/datasets and on broken files. */
class EventFilesTest {
    static final Path DATASETS = Path.of("..", "..", "shared", "datasets");

    @TempDir
    Path folder;

    private static List<ImportItem> readAll(Path file, EventFiles.Format format, CsvMapping mapping) {
        List<ImportItem> items = new ArrayList<>();
        try (EventFileReader reader = EventFiles.open(file, format, mapping, 0L)) {
            reader.forEachRemaining(items::add);
        }
        return items;
    }

    private static List<Event> events(List<ImportItem> items) {
        return items.stream().filter(ImportItem.Accepted.class::isInstance).map(i -> ((ImportItem.Accepted) i).event()).toList();
    }

    @Test
    void theRunningExampleReadsTheSameFromCsvAndXes() {
        Path csv = DATASETS.resolve("pm4py-running-example/running-example.csv");
        Path xes = DATASETS.resolve("pm4py-running-example/running-example.xes");
        List<Event> fromCsv = events(readAll(csv, EventFiles.Format.of(csv), CsvMapping.detect()));
        List<Event> fromXes = events(readAll(xes, EventFiles.Format.of(xes), CsvMapping.detect()));
        assertThat(fromCsv).hasSize(42);
        assertThat(fromXes).hasSize(42);
        assertThat(fromCsv.stream().map(Event::customerId).distinct()).hasSize(6);
        Set<String> csvTriples = new HashSet<>();
        fromCsv.forEach(e -> csvTriples.add(e.customerId() + "|" + e.name() + "|" + e.timestamp()));
        Set<String> xesTriples = new HashSet<>();
        fromXes.forEach(e -> xesTriples.add(e.customerId() + "|" + e.name() + "|" + e.timestamp()));
        assertThat(xesTriples).isEqualTo(csvTriples);
        Event first = fromCsv.get(0);
        assertThat(first.name()).isEqualTo("register request");
        assertThat(first.timestamp()).isEqualTo(Instant.parse("2010-12-30T13:32:00Z").toEpochMilli());
        assertThat(first.properties()).contains("\"org:resource\":\"Pete\"").contains("\"Costs\":\"50\"");
    }

    @Test
    void theReceiptLogHasItsPublishedSize() {
        Path xes = DATASETS.resolve("pm4py-receipt/receipt.xes.gz");
        List<Event> events = events(readAll(xes, EventFiles.Format.of(xes), CsvMapping.detect()));
        assertThat(events).hasSize(8_577);
        assertThat(events.stream().map(Event::customerId).distinct()).hasSize(1_434);
        assertThat(events.stream().map(Event::messageId).distinct()).hasSize(8_577);
    }

    @Test
    void aSemicolonLatin1LogWithNamedColumnsReads() {
        Path csv = DATASETS.resolve("bpi2016-complaints/BPI2016_Complaints.csv");
        CsvMapping mapping = new CsvMapping("CustomerID", "ComplaintTopic_EN", "ContactDate", Optional.of("ContactChannelID"),
                List.of("AgeCategory", "Gender"), ';', StandardCharsets.ISO_8859_1, ZoneOffset.UTC);
        List<ImportItem> items = readAll(csv, EventFiles.Format.CSV, mapping);
        List<Event> events = events(items);
        assertThat(events).hasSize(items.size());
        assertThat(events.get(0).customerId()).isEqualTo("1945807");
        assertThat(events.get(0).timestamp()).isEqualTo(Instant.parse("2016-01-12T00:00:00Z").toEpochMilli());
        assertThat(events.get(0).properties()).isEqualTo("{\"AgeCategory\":\"50-65\",\"Gender\":\"M\"}");
        assertThat(events.get(0).context()).isEqualTo("{\"channel\":\"8\"}");
    }

    @Test
    void badRowsAreRejectedWithTheirLineAndGoodOnesKept() throws Exception {
        Path csv = folder.resolve("log.csv");
        Files.writeString(csv, """
                case:concept:name,concept:name,time:timestamp,amount
                c1,register,2026-11-22 10:00:00,10
                c1,,2026-11-22 10:05:00,10
                c2,register,yesterday,5
                ,register,2026-11-22 10:00:00,5
                c2,pay,2026-11-22T11:00:00+01:00,5
                """);
        List<ImportItem> items = readAll(csv, EventFiles.Format.CSV, CsvMapping.detect());
        assertThat(items).hasSize(5);
        assertThat(events(items)).extracting(Event::name).containsExactly("register", "pay");
        List<ImportItem.Rejected> rejected = items.stream().filter(ImportItem.Rejected.class::isInstance)
                .map(ImportItem.Rejected.class::cast).toList();
        assertThat(rejected).extracting(ImportItem.Rejected::position).containsExactly(3L, 4L, 5L);
        assertThat(rejected.get(1).reason()).contains("'yesterday'").contains("not a date and time");
    }

    @Test
    void aMissingColumnNamesTheColumnsThereAre() throws Exception {
        Path csv = folder.resolve("log.csv");
        Files.writeString(csv, "customer,step,when\nc1,a,2026-11-22\n");
        ParcoursException error = catchThrowableOfType(ParcoursException.class,
                () -> readAll(csv, EventFiles.Format.CSV, CsvMapping.detect()));
        assertThat(error.getMessage()).contains("--case-column").contains("customer, step, when");
        CsvMapping named = new CsvMapping("custmer", "step", "when", Optional.empty(), List.of(), ',',
                StandardCharsets.UTF_8, ZoneOffset.UTC);
        assertThat(catchThrowableOfType(ParcoursException.class, () -> readAll(csv, EventFiles.Format.CSV, named))
                .getMessage()).contains("did you mean 'customer'?");
    }

    @Test
    void timestampsInTheCommonFormats() {
        long expected = Instant.parse("2026-11-22T13:05:00Z").toEpochMilli();
        for (String text : List.of("2026-11-22T13:05:00Z", "2026-11-22 14:05:00+01:00", "2026-11-22T14:05:00.000+0100",
                "2026-11-22 13:05:00", "22-11-2026 13:05", "2026/11/22 13:05:00", "1795352700000")) {
            assertThat(Timestamps.parse(text, ZoneOffset.UTC)).as(text).contains(expected);
        }
        assertThat(Timestamps.parse("2026-11-22 14:05:00", java.time.ZoneId.of("Europe/Paris"))).contains(expected);
        assertThat(Timestamps.parse("soon", ZoneOffset.UTC)).isEmpty();
    }

    @Test
    void xesWithExternalEntitiesIsRefused() throws Exception {
        Path xes = folder.resolve("evil.xes");
        Files.writeString(xes, """
                <?xml version="1.0"?>
                <!DOCTYPE log [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
                <log><trace><string key="concept:name" value="&secret;"/>
                <event><string key="concept:name" value="a"/><date key="time:timestamp" value="2026-11-22T10:00:00Z"/></event>
                </trace></log>
                """);
        assertThat(catchThrowableOfType(ParcoursException.class, () -> readAll(xes, EventFiles.Format.XES, CsvMapping.detect())))
                .isNotNull();
    }

    @Test
    void jsonLinesUseTheApisChecks() throws Exception {
        Path jsonl = folder.resolve("events.jsonl");
        Files.writeString(jsonl, """
                {"type": "track", "userId": "u1", "event": "Order Completed", "messageId": "m1"}

                {"type": "track", "userId": "u1"}
                {"type": "identify", "anonymousId": "a1", "traits": {"plan": "gold"}}
                """);
        List<ImportItem> items = readAll(jsonl, EventFiles.Format.JSONL, CsvMapping.detect());
        assertThat(events(items)).hasSize(2);
        ImportItem.Rejected rejected = (ImportItem.Rejected) items.get(1);
        assertThat(rejected.position()).isEqualTo(3);
        assertThat(rejected.reason()).contains("needs 'event'");
    }

    @Test
    void aQuoteNeverClosedIsRefusedWithTheLineNotACrash() throws Exception {
        Path csv = folder.resolve("log.csv");
        Files.writeString(csv, "case:concept:name,concept:name,time:timestamp\nc1,pay,2026-11-22 10:00:00\nc2,\"pay"
                + ",x\n".repeat(6_000_000));
        ParcoursException error = catchThrowableOfType(ParcoursException.class,
                () -> readAll(csv, EventFiles.Format.CSV, CsvMapping.detect()));
        assertThat(error.getMessage()).contains("after line 2").contains("line 3").contains("quotes");
    }

    @Test
    void aDamagedGzipFileIsRefusedWithWhereReadingStopped() throws Exception {
        java.io.ByteArrayOutputStream zipped = new java.io.ByteArrayOutputStream();
        try (var zip = new java.util.zip.GZIPOutputStream(zipped)) {
            zip.write("{\"type\":\"track\",\"event\":\"e\",\"userId\":\"u\"}\n".repeat(20_000).getBytes(StandardCharsets.UTF_8));
        }
        byte[] cut = java.util.Arrays.copyOf(zipped.toByteArray(), zipped.size() - 4);
        for (String name : List.of("events.jsonl.gz", "log.csv.gz")) {
            Path file = folder.resolve(name);
            Files.write(file, name.endsWith(".csv.gz") ? csvGzip() : cut);
            ParcoursException error = catchThrowableOfType(ParcoursException.class,
                    () -> readAll(file, EventFiles.Format.of(file), CsvMapping.detect()));
            assertThat(error.getMessage()).as(name).contains("cannot read the file after line");
        }
    }

    private static byte[] csvGzip() throws java.io.IOException {
        java.io.ByteArrayOutputStream zipped = new java.io.ByteArrayOutputStream();
        try (var zip = new java.util.zip.GZIPOutputStream(zipped)) {
            zip.write(("case:concept:name,concept:name,time:timestamp\n" + "c1,pay,2026-11-22 10:00:00\n".repeat(20_000))
                    .getBytes(StandardCharsets.UTF_8));
        }
        byte[] bytes = zipped.toByteArray();
        bytes[bytes.length - 6] ^= 0x55;
        return bytes;
    }

    @Test
    void aJsonLineLongerThanAMessageIsRejectedWithoutBeingHeld() throws Exception {
        Path jsonl = folder.resolve("events.jsonl");
        String valid = "{\"type\":\"track\",\"event\":\"e\",\"userId\":\"u\"}";
        String array = "[" + (valid + ",").repeat(1_000_000) + valid + "]";
        Files.writeString(jsonl, valid + "\n" + array + "\r\n" + valid + "\r" + valid);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory
                .getThreadMXBean();
        long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
        List<ImportItem> items = readAll(jsonl, EventFiles.Format.JSONL, CsvMapping.detect());
        long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        assertThat(items).extracting(ImportItem::position).containsExactly(1L, 2L, 3L, 4L);
        assertThat(events(items)).hasSize(3);
        assertThat(((ImportItem.Rejected) items.get(1)).reason()).contains(array.length() + " characters long").contains("32 KB");
        assertThat(allocated).as("bytes allocated to read a 42 MB line").isLessThan(8_000_000);
    }

    @Test
    void bytesThatAreNotUtf8AreReportedAtTheirLine() throws Exception {
        Path jsonl = folder.resolve("events.jsonl");
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        for (int line = 1; line <= 5_000; line++) {
            bytes.write(("{\"type\":\"track\",\"event\":\"e\",\"userId\":\"u" + line + "\"}"
                    + (line == 3_000 ? "\u00C3(" : "") + "\n").getBytes(StandardCharsets.ISO_8859_1));
        }
        Files.write(jsonl, bytes.toByteArray());
        List<ImportItem> read = new ArrayList<>();
        ParcoursException error = catchThrowableOfType(ParcoursException.class, () -> {
            try (EventFileReader reader = EventFiles.open(jsonl, EventFiles.Format.JSONL, CsvMapping.detect(), 0L)) {
                reader.forEachRemaining(read::add);
            }
        });
        assertThat(error.getMessage()).contains("line 3000 is not valid UTF-8");
        assertThat(read).hasSize(2_999);
    }
}
