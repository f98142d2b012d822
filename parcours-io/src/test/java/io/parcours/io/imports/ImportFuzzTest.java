package io.parcours.io.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.parcours.io.Fuzz;
import io.parcours.model.ErrorCode;
import io.parcours.model.ParcoursException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The import readers (CSV, XES, JSON lines, each also gzipped) on mutated real event logs from
 * ../shared/datasets and on hostile files: cut, doubled, flipped and re-encoded bytes, stray quotes,
 * byte order marks, deep XML, entity bombs, endless lines. Each file is either read to its end (bad
 * rows rejected with their line and a reason) or refused with a clear error that names the line;
 * never another exception, never more than a few seconds. See docs/fuzzing.md.
 */
class ImportFuzzTest {
    private static final Duration BOUND = Duration.ofSeconds(10);
    private static final long NOW = 1_790_000_000_000L;
    private static final CsvMapping COMPLAINTS = new CsvMapping("CustomerID", "ComplaintTopic_EN", "ContactDate",
            Optional.of("ContactChannelID"), List.of("AgeCategory", "Gender"), ';', StandardCharsets.ISO_8859_1,
            ZoneOffset.UTC);

    /** A valid file to mutate: its name (which tells the format), its bytes, and how to map its columns. */
    private record Sample(String name, byte[] bytes, CsvMapping mapping) {}

    private static final List<Sample> SAMPLES = new ArrayList<>();

    @TempDir
    Path folder;

    @BeforeAll
    static void readSamples() throws IOException {
        Path datasets = EventFilesTest.DATASETS;
        SAMPLES.add(new Sample("running-example.csv",
                Files.readAllBytes(datasets.resolve("pm4py-running-example/running-example.csv")), CsvMapping.detect()));
        SAMPLES.add(new Sample("running-example.xes",
                Files.readAllBytes(datasets.resolve("pm4py-running-example/running-example.xes")), CsvMapping.detect()));
        SAMPLES.add(new Sample("receipt.csv", firstLines(datasets.resolve("pm4py-receipt/receipt.csv"), 60),
                CsvMapping.detect()));
        SAMPLES.add(new Sample("complaints.csv", firstLines(datasets.resolve("bpi2016-complaints/BPI2016_Complaints.csv"), 40),
                COMPLAINTS));
        StringBuilder lines = new StringBuilder();
        for (String message : io.parcours.io.segment.SegmentBodies.MESSAGES) {
            lines.append(message).append('\n');
        }
        SAMPLES.add(new Sample("events.jsonl", lines.toString().getBytes(StandardCharsets.UTF_8), CsvMapping.detect()));
    }

    private static byte[] firstLines(Path file, int count) throws IOException {
        try (var lines = Files.lines(file, StandardCharsets.ISO_8859_1)) {
            return String.join("\n", lines.limit(count).toList()).getBytes(StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void mutatedRealLogsAreReadOrRefusedWithTheLine() throws IOException {
        Fuzz fuzz = Fuzz.of("imports-mutated");
        for (int i = Fuzz.cases(300); i > 0; i--) {
            Sample sample = fuzz.pick(SAMPLES);
            byte[] bytes = fuzz.chance(0.15) ? lineLevel(fuzz, sample.bytes()) : fuzz.mutate(sample.bytes());
            boolean gzip = fuzz.chance(0.1);
            if (gzip) {
                bytes = gzip(bytes);
                if (fuzz.chance(0.5)) {
                    bytes = fuzz.mutate(bytes);
                }
            }
            Path file = write(sample.name() + (gzip ? ".gz" : ""), bytes);
            byte[] input = bytes;
            fuzz.check(file.getFileName().toString(), input, () -> readOrRefused(file, sample.mapping()));
        }
        System.out.println(fuzz.summary());
    }

    @Test
    void hostileFilesAreReadOrRefusedWithTheLine() throws IOException {
        Fuzz fuzz = Fuzz.of("imports-hostile");
        fuzz.keepGoing();
        for (Hostile file : hostileFiles(fuzz)) {
            Path path = write(file.name(), file.bytes());
            long started = System.nanoTime();
            fuzz.check(file.what(), file.bytes(), () -> readOrRefused(path, CsvMapping.detect()));
            Files.delete(path);
            System.out.printf("%s: %d ms%n", file.what(), (System.nanoTime() - started) / 1_000_000);
        }
        fuzz.assertNoFailures();
        System.out.println(fuzz.summary());
    }

    private record Hostile(String what, String name, byte[] bytes) {}

    private static List<Hostile> hostileFiles(Fuzz fuzz) {
        String header = "case:concept:name,concept:name,time:timestamp,note\n";
        String row = "c1,pay,2026-11-22 10:00:00,ok\n";
        String event = "<event><string key=\"concept:name\" value=\"a\"/><date key=\"time:timestamp\" "
                + "value=\"2026-11-22T10:00:00Z\"/></event>";
        String lol = "<!ENTITY lol0 \"lol\">" + java.util.stream.IntStream.range(1, 10)
                .mapToObj(i -> "<!ENTITY lol" + i + " \"" + ("&lol" + (i - 1) + ";").repeat(10) + "\">")
                .reduce("", String::concat);
        List<Hostile> files = new ArrayList<>(List.of(
                new Hostile("a CSV quote never closed", "open-quote.csv",
                        (header + row + "c2,\"pay" + "x,y\n".repeat(5_000_000)).getBytes(StandardCharsets.UTF_8)),
                new Hostile("a CSV field of 20 MB", "long-field.csv",
                        (header + "c1,pay,2026-11-22 10:00:00," + "x".repeat(20_000_000) + "\n" + row)
                                .getBytes(StandardCharsets.UTF_8)),
                new Hostile("a CSV of only a byte order mark", "bom.csv", new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}),
                new Hostile("a CSV header of a million columns", "wide.csv",
                        ("c,".repeat(1_000_000) + "\n" + row).getBytes(StandardCharsets.UTF_8)),
                new Hostile("a CSV in UTF-16", "utf16.csv", (header + row).getBytes(StandardCharsets.UTF_16)),
                new Hostile("a CSV of NUL bytes", "nul.csv", new byte[1_000_000]),
                new Hostile("a JSON line of 40 MB", "long-line.jsonl",
                        ("{\"type\":\"track\",\"event\":\"e\",\"userId\":\"u\",\"properties\":{\"a\":\"" + "x".repeat(40_000_000)
                                + "\"}}\n{\"type\":\"track\",\"event\":\"e\",\"userId\":\"u\"}\n").getBytes(StandardCharsets.UTF_8)),
                new Hostile("a JSON line nested 100,000 deep", "deep.jsonl", fuzzNested(fuzz)),
                new Hostile("JSON lines in UTF-16", "utf16.jsonl",
                        "{\"type\":\"track\",\"event\":\"e\",\"userId\":\"u\"}\n".getBytes(StandardCharsets.UTF_16)),
                new Hostile("XES nested 100,000 deep", "deep.xes",
                        ("<log><trace>" + "<list>".repeat(100_000) + event + "</list>".repeat(100_000) + "</trace></log>")
                                .getBytes(StandardCharsets.UTF_8)),
                new Hostile("XES with a billion laughs", "lol.xes",
                        ("<?xml version=\"1.0\"?><!DOCTYPE log [" + lol + "]><log><trace><string key=\"concept:name\" "
                                + "value=\"&lol9;\"/>" + event + "</trace></log>").getBytes(StandardCharsets.UTF_8)),
                new Hostile("XES that never closes", "open.xes",
                        ("<log><trace><string key=\"concept:name\" value=\"c\"/>" + event.repeat(10_000))
                                .getBytes(StandardCharsets.UTF_8)),
                new Hostile("XES that says UTF-16 but is not", "liar.xes",
                        ("<?xml version=\"1.0\" encoding=\"UTF-16\"?><log/>").getBytes(StandardCharsets.UTF_8)),
                new Hostile("XES with an attribute of 20 MB", "long-attribute.xes",
                        ("<log><trace><string key=\"concept:name\" value=\"" + "x".repeat(20_000_000) + "\"/>" + event
                                + "</trace></log>").getBytes(StandardCharsets.UTF_8)),
                new Hostile("XES of 100,000 attributes on one element", "wide.xes",
                        ("<log><trace><string key=\"concept:name\" value=\"c\" "
                                + java.util.stream.IntStream.range(0, 100_000).mapToObj(i -> "a" + i + "=\"v\"")
                                        .reduce(new StringBuilder(), (b, a) -> b.append(a).append(' '), StringBuilder::append)
                                + "/>" + event + "</trace></log>").getBytes(StandardCharsets.UTF_8)),
                new Hostile("an empty gzip file", "empty.csv.gz", new byte[0]),
                new Hostile("a gzip file cut short", "cut.jsonl.gz",
                        java.util.Arrays.copyOf(gzip("{\"type\":\"track\",\"event\":\"e\",\"userId\":\"u\"}\n".repeat(10_000)
                                .getBytes(StandardCharsets.UTF_8)), 200)),
                new Hostile("a gzip bomb", "bomb.csv.gz", gzip((header + row.repeat(150_000)).getBytes(StandardCharsets.UTF_8)))));
        return files;
    }

    private static byte[] fuzzNested(Fuzz fuzz) {
        return (fuzz.nested(100_000) + "\n{\"type\":\"track\",\"event\":\"e\",\"userId\":\"u\"}\n").getBytes(StandardCharsets.UTF_8);
    }

    /** Mutations along lines: a quote or byte order mark at a line's start, lines doubled, dropped or joined, CRLF. */
    private static byte[] lineLevel(Fuzz fuzz, byte[] bytes) {
        List<String> lines = new ArrayList<>(List.of(new String(bytes, StandardCharsets.ISO_8859_1).split("\n", -1)));
        for (int changes = fuzz.between(1, 3); changes > 0 && !lines.isEmpty(); changes--) {
            int at = fuzz.between(0, lines.size() - 1);
            switch (fuzz.between(0, 5)) {
                case 0 -> lines.set(at, "\"" + lines.get(at));
                case 1 -> lines.set(at, "\u00EF\u00BB\u00BF" + lines.get(at));
                case 2 -> lines.add(at, lines.get(at));
                case 3 -> lines.remove(at);
                case 4 -> lines.set(at, lines.get(at) + (at + 1 < lines.size() ? lines.remove(at + 1) : ""));
                default -> lines.replaceAll(line -> line + "\r");
            }
        }
        return String.join("\n", lines).getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * Reads the whole file within the bound: each item an event or a rejection with its position and
     * reason; or a refusal of the file with a clear message, naming the line when it comes from a row.
     */
    private static void readOrRefused(Path file, CsvMapping mapping) {
        assertTimeoutPreemptively(BOUND, () -> {
            EventFiles.Format format = EventFiles.Format.of(file);
            EventFileReader reader;
            try {
                reader = EventFiles.open(file, format, mapping, NOW);
            } catch (ParcoursException refused) {
                assertClear(refused);
                return;
            }
            try (reader) {
                while (reader.hasNext()) {
                    ImportItem item = reader.next();
                    assertThat(item.position()).isPositive();
                    if (item instanceof ImportItem.Rejected rejected) {
                        assertThat(rejected.reason()).isNotBlank();
                    }
                }
            } catch (ParcoursException refused) {
                assertClear(refused);
                assertThat(refused.getMessage()).as("a file refused while reading names the line").contains("line");
            }
        });
    }

    private static void assertClear(ParcoursException refused) {
        assertThat(refused.code()).isIn(ErrorCode.INVALID_INPUT, ErrorCode.TOO_LARGE);
        assertThat(refused.getMessage()).isNotBlank();
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path file = folder.resolve(name);
        Files.write(file, bytes);
        return file;
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(bytes);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
